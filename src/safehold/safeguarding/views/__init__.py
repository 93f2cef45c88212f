"""Pages of the safeguarding context: the waiting queue, incidents, forms, MARAC, matches.

Views are thin: reads come from ``queries``, writes go through ``services``, and every
look at personal data is logged as a consultation with the session's justification.
One module per subject; ``urls.py`` names them.
"""
