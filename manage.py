#!/usr/bin/env python
"""Django's manage.py, for those who expect it; `safehold` is the same with help for jobs."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
