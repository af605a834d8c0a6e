"""What the operator's commands do: backups and restores, the database's statistics, bench data."""
