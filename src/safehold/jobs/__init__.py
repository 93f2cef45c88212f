"""Background jobs: seeding, planning, simulation and ingest run outside requests.

Jobs are Django Tasks (the django-tasks backport) stored in the database by
django-tasks-db, so any number of ``safehold worker`` processes on any number of
machines sharing one PostgreSQL database take work from the same queue. Each job has a
:class:`~safehold.jobs.models.JobRun` row that records who asked, its parameters, its
progress and its result, which pages poll.
"""
