"""``attcli pupil``: one pupil's records (``merge`` moves them to a new UPN)."""
