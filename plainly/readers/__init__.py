"""What readers tell the site, and what editors learn from it: which questions they read most."""
