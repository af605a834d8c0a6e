<?php
// Exports everything with WordPress's own exporter (WXR 1.2).
$_SERVER['HTTP_HOST'] = 'localhost';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
$out = $argv[1] ?? '../wordpress-made.xml';
ob_start();
@export_wp(array('content' => 'all'));
$xml = ob_get_clean();
file_put_contents($out, $xml);
echo "wrote $out (" . strlen($xml) . " bytes)\n";
