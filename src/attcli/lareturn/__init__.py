"""The monthly return to the local authority (``attcli la-return``, docs/la-return.md):
pupils with 10 or more continuous school days of unauthorised absence, and pupils
missing 15 days through illness, each marked new, continuing, ended or amended against
the returns already made (kept in the workspace's history)."""
