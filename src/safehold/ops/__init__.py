"""Operations: backing up and restoring the database (``safehold backup`` / ``restore``)."""
