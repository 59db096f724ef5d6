"""attcli: attendance checks, letters and LA files from MIS register exports."""

__version__ = "0.1.0"
