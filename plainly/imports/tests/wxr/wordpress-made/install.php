<?php
$_SERVER['HTTP_HOST'] = 'localhost';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/post.php';

$r = wp_install('Plainly import fixture', 'siteadmin', 'admin@old.example.org', true, '', 'admin-pass-123');
update_option('siteurl', 'http://old.example.org');
update_option('home', 'http://old.example.org');
update_option('blogdescription', 'Short answers to everyday questions');
update_option('timezone_string', 'Europe/Berlin');
update_option('gmt_offset', '');
update_option('date_format', 'F j, Y');

// Remove WordPress's sample content so only fixture content is exported.
global $wpdb;
foreach ($wpdb->get_col("SELECT ID FROM $wpdb->posts") as $id) {
    wp_delete_post((int) $id, true);
}
foreach ($wpdb->get_col("SELECT comment_ID FROM $wpdb->comments") as $id) {
    wp_delete_comment((int) $id, true);
}
$wpdb->query("ALTER TABLE $wpdb->posts AUTO_INCREMENT = 1");
$wpdb->query("ALTER TABLE $wpdb->comments AUTO_INCREMENT = 1");

global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%postname%/');
$wp_rewrite->flush_rules(false);
echo "installed user_id={$r['user_id']}\n";
