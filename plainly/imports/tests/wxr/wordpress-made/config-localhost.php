<?php
// Copied to /etc/wordpress/config-localhost.php by run.sh
define('DB_NAME', 'wordpress');
define('DB_USER', 'wpfixture');
define('DB_PASSWORD', 'fixturepw');
define('DB_HOST', 'localhost');
define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');
define('WP_CONTENT_URL', 'http://old.example.org/wp-content');
define('WP_POST_REVISIONS', false);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
