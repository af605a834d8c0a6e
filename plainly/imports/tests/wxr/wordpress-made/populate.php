<?php
// Fills the freshly installed WordPress with the fixture content,
// using only WordPress's own API functions.
$_SERVER['HTTP_HOST'] = 'localhost';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/post.php';
require_once ABSPATH . 'wp-admin/includes/comment.php';
require_once ABSPATH . 'wp-admin/includes/taxonomy.php';

function must($v, $what) {
    if (is_wp_error($v) || !$v) {
        fwrite(STDERR, "FAILED: $what: " . (is_wp_error($v) ? $v->get_error_message() : var_export($v, true)) . "\n");
        exit(1);
    }
    return $v;
}
// Local (Europe/Berlin) time -> both post_date and post_date_gmt.
function dates($local) {
    return array('post_date' => $local, 'post_date_gmt' => get_gmt_from_date($local));
}
function cdates($local) {
    return array('comment_date' => $local, 'comment_date_gmt' => get_gmt_from_date($local));
}

$admin = get_user_by('login', 'siteadmin');
wp_set_current_user($admin->ID); // administrator: unfiltered_html, so content is stored verbatim

// ---- Users --------------------------------------------------------------
$ravi = must(wp_insert_user(array(
    'user_login' => 'rkaur', 'user_pass' => 'ravi-pass-123', 'user_email' => 'ravi@old.example.org',
    'first_name' => 'Ravi', 'last_name' => 'Kaur', 'display_name' => 'Ravi Kaur', 'nickname' => 'Ravi',
    'role' => 'author', 'user_registered' => '2026-01-05 09:00:00',
)), 'user rkaur');
$lena = must(wp_insert_user(array(
    'user_login' => 'ltanaka', 'user_pass' => 'lena-pass-123', 'user_email' => 'lena@old.example.org',
    'first_name' => 'Lena', 'last_name' => 'Tanaka', 'display_name' => 'Lena Tanaka', 'nickname' => 'Lena',
    'role' => 'editor', 'user_registered' => '2026-01-06 09:00:00',
)), 'user ltanaka');

// ---- Categories and tags -------------------------------------------------
$cat_science = must(wp_insert_category(array(
    'cat_name' => 'Science', 'category_nicename' => 'science',
    'category_description' => 'How the natural world works.',
), true), 'cat science');
$cat_earth = must(wp_insert_category(array(
    'cat_name' => 'Earth science', 'category_nicename' => 'earth-science',
    'category_parent' => $cat_science,
    'category_description' => 'Oceans, rocks, weather and the planet beneath our feet.',
), true), 'cat earth');
$cat_food = must(wp_insert_category(array(
    'cat_name' => 'Food & drink', 'category_nicename' => 'food-drink',
), true), 'cat food');
foreach (array('oceans' => 'Seas, tides and currents.', 'geology' => '', 'bees' => '') as $tag => $desc) {
    must(wp_insert_term($tag, 'post_tag', array('description' => $desc)), "tag $tag");
}

// ---- Post 1: tides (classic editor HTML), created first so the uploads can be attached to it
$tides = must(wp_insert_post(array(
    'post_type' => 'post', 'post_status' => 'publish', 'post_author' => $ravi,
    'post_title' => 'Why does the sea have tides?',
    'post_content' => '',
    'post_category' => array($cat_earth),
    'comment_status' => 'open', 'ping_status' => 'open',
) + dates('2026-11-03 09:30:00'), true), 'post tides');
wp_set_post_tags($tides, array('oceans'));

// ---- Attachments ----------------------------------------------------------
$up = wp_upload_dir('2026/11');
wp_mkdir_p($up['path']);

$png_path = $up['path'] . '/tide-chart.png';
$im = imagecreatetruecolor(40, 30);
imagefill($im, 0, 0, imagecolorallocate($im, 30, 110, 170));
imagepng($im, $png_path, 9);
imagedestroy($im);

// Minimal one-page PDF, with a correct xref table.
$objs = array(
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null, // stream, filled below
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
);
$stream = "BT /F1 14 Tf 20 50 Td (Tide tables, November 2026) Tj ET";
$objs[3] = "<< /Length " . strlen($stream) . " >>\nstream\n" . $stream . "\nendstream";
$pdf = "%PDF-1.4\n";
$offsets = array();
foreach ($objs as $i => $body) {
    $offsets[] = strlen($pdf);
    $pdf .= ($i + 1) . " 0 obj\n" . $body . "\nendobj\n";
}
$xref = strlen($pdf);
$pdf .= "xref\n0 " . (count($objs) + 1) . "\n0000000000 65535 f \n";
foreach ($offsets as $o) {
    $pdf .= sprintf("%010d 00000 n \n", $o);
}
$pdf .= "trailer\n<< /Size " . (count($objs) + 1) . " /Root 1 0 R >>\nstartxref\n$xref\n%%EOF\n";
$pdf_path = $up['path'] . '/tide-tables.pdf';
file_put_contents($pdf_path, $pdf);

$png_id = must(wp_insert_attachment(array(
    'post_author' => $ravi, 'post_mime_type' => 'image/png',
    'post_title' => 'Tide chart',
    'post_excerpt' => 'High and low water at the harbour over one day.',   // caption
    'post_content' => 'A simple chart of the water level at the harbour on 2 November 2026.', // description
    'guid' => $up['url'] . '/tide-chart.png',
    'comment_status' => 'closed', 'ping_status' => 'closed',
) + dates('2026-11-03 09:10:00'), $png_path, $tides, true), 'png attachment');
wp_update_attachment_metadata($png_id, wp_generate_attachment_metadata($png_id, $png_path));
update_post_meta($png_id, '_wp_attachment_image_alt', 'Chart of high and low water over one day');

$pdf_id = must(wp_insert_attachment(array(
    'post_author' => $ravi, 'post_mime_type' => 'application/pdf',
    'post_title' => 'Tide tables',
    'post_content' => '',
    'guid' => $up['url'] . '/tide-tables.pdf',
    'comment_status' => 'closed', 'ping_status' => 'closed',
) + dates('2026-11-03 09:12:00'), $pdf_path, $tides, true), 'pdf attachment');
wp_update_attachment_metadata($pdf_id, wp_generate_attachment_metadata($pdf_id, $pdf_path));

$png_url = wp_get_attachment_url($png_id);
$pdf_url = wp_get_attachment_url($pdf_id);

$tides_content = <<<HTML
Tides are the slow rise and fall of the sea that most coasts see twice a day. They happen because the <strong>Moon's gravity</strong> pulls a little harder on the side of the Earth facing it than on the far side, and that difference stretches the oceans into two bulges. As the Earth turns, each stretch of coast passes through both bulges, so it gets two high tides and two low tides in a little over a day.

[caption id="attachment_{$png_id}" align="aligncenter" width="40"]<img class="size-full wp-image-{$png_id}" src="{$png_url}" alt="Chart of high and low water over one day" width="40" height="30" /> High and low water at the harbour over one day.[/caption]

The Sun pulls on the oceans as well, but more weakly. When the Sun and Moon line up, at new and full moon, their pulls add together and we get extra-high <em>spring tides</em>; when they pull at right angles, the smaller rise and fall is called a <em>neap tide</em>.

You can download the <a href="{$pdf_url}">tide tables for November (PDF)</a> to plan a walk on the beach.

[gallery ids="{$png_id},{$pdf_id}"]
HTML;
must(wp_update_post(array('ID' => $tides, 'post_content' => $tides_content), true), 'update tides');
set_post_thumbnail($tides, $png_id);

// ---- Post 2: volcanoes (block editor markup) ------------------------------
$volcano_content = <<<HTML
<!-- wp:paragraph -->
<p>A volcano erupts when hot melted rock, called magma, forces its way up through cracks in the Earth's crust. Magma holds dissolved gas, a bit like the bubbles in a fizzy drink, and as it rises the pressure falls and the gas expands. Thick, sticky magma traps the gas until it bursts out explosively, while runny magma lets it escape gently and pours out as lava.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2>Frequently Asked Questions</h2>
<!-- /wp:heading -->

<!-- wp:heading {"level":3} -->
<h3>Can scientists predict eruptions?</h3>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>Not to the exact day, but they can often tell when a volcano is waking up. Swarms of small earthquakes, swelling ground and changes in the gas coming out of vents are the warning signs that monitoring teams watch.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":3} -->
<h3>Is lava the most dangerous part?</h3>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>Usually not. Most lava moves slowly enough for people to walk away from it. Fast clouds of hot ash and gas, and mudflows formed when ash mixes with rain or melted snow, do far more harm.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2>More about volcanoes</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><!-- wp:list-item -->
<li>Most volcanoes sit along the edges of the plates that make up the Earth's crust.</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Some, like the volcanoes of Hawaii, sit over a hot spot in the middle of a plate.</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Old volcanic ash weathers into some of the most fertile soil on Earth.</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:heading -->
<h2>Sources</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul><li><a href="https://www.usgs.gov/programs/VHP">USGS Volcano Hazards Program</a></li><li><a href="https://volcano.si.edu/">Smithsonian Global Volcanism Program</a></li></ul>
<!-- /wp:list -->
HTML;
$volcano = must(wp_insert_post(array(
    'post_type' => 'post', 'post_status' => 'publish', 'post_author' => $lena,
    'post_title' => 'How do volcanoes erupt?',
    'post_content' => $volcano_content,
    'post_category' => array($cat_earth),
) + dates('2026-09-14 16:05:00'), true), 'post volcano');
wp_set_post_tags($volcano, array('geology'));

// ---- Post 3: honey (two categories, excerpt, custom meta) -----------------
$honey = must(wp_insert_post(array(
    'post_type' => 'post', 'post_status' => 'publish', 'post_author' => $lena,
    'post_title' => "Why doesn't honey go bad?",
    'post_excerpt' => 'Honey is too sugary and too acidic for germs to grow in, so it keeps for years.',
    'post_content' => "Honey is one of the few foods that can sit in a cupboard for years without spoiling. It is mostly sugar with very little water, so any bacteria or mould that lands in it has the water drawn out of it and cannot grow. Bees also add an enzyme that slowly releases a tiny amount of hydrogen peroxide, and honey is fairly acidic, which makes life even harder for germs.\n\nIf your honey turns cloudy or grainy it has not gone off, it has only crystallised. Stand the jar in a bowl of warm water and it will turn runny again.",
    'post_category' => array($cat_science, $cat_food),
) + dates('2026-06-21 08:00:00'), true), 'post honey');
wp_set_post_tags($honey, array('bees'));
update_post_meta($honey, 'reading_time', '1 minute');

// ---- Post 4: leap years (no category -> Uncategorized, no tags) ------------
$leap = must(wp_insert_post(array(
    'post_type' => 'post', 'post_status' => 'publish', 'post_author' => $ravi,
    'post_title' => 'Why do we have leap years?',
    'post_content' => "A calendar year has 365 days, but the Earth takes about 365 and a quarter days to travel once around the Sun. Without a correction the calendar would drift away from the seasons by roughly a day every four years. Adding 29 February every fourth year pulls it back into step, and century years skip the extra day unless they divide evenly by 400.",
) + dates('2026-02-28 12:00:00'), true), 'post leap');

// ---- Draft (floating date: WordPress stores post_date_gmt 0000-00-00), pending, trash
$draft = must(wp_insert_post(array(
    'post_type' => 'post', 'post_status' => 'draft', 'post_author' => $ravi,
    'post_title' => 'Why is the sky blue?',
    'post_content' => "Sunlight is a mix of every colour. As it passes through the air, the blue part is bounced around in all directions far more than the red part, so whichever patch of sky you look at is filled with scattered blue light.",
    'post_category' => array($cat_science),
    'post_date' => '2026-11-20 18:45:00',
), true), 'post draft');

$pending = must(wp_insert_post(array(
    'post_type' => 'post', 'post_status' => 'pending', 'post_author' => $lena,
    'post_title' => 'How do bees make wax?',
    'post_content' => "Young worker bees make wax in glands on the underside of their bodies. They eat plenty of honey, turn some of the sugar into wax, and squeeze out tiny clear flakes. Other bees then chew the flakes soft and shape them into the six-sided cells of the comb.",
    'post_category' => array($cat_science),
) + dates('2026-11-25 10:00:00'), true), 'post pending');
wp_set_post_tags($pending, array('bees'));

$trash = must(wp_insert_post(array(
    'post_type' => 'post', 'post_status' => 'publish', 'post_author' => $ravi,
    'post_title' => 'Can goldfish remember anything for more than three seconds?',
    'post_content' => "Yes. Goldfish can be trained to push a lever or swim to one corner of the tank for food, and they still remember the trick weeks later. The three-second memory is a myth.",
) + dates('2026-04-10 11:20:00'), true), 'post trash');
must(wp_trash_post($trash), 'trash post');

// ---- Pages ----------------------------------------------------------------
$about = must(wp_insert_post(array(
    'post_type' => 'page', 'post_status' => 'publish', 'post_author' => $admin->ID,
    'post_title' => 'About us',
    'post_content' => "Plainly answers everyday questions in a few short sentences. Our writers check each answer against reliable sources and update it when something changes.\n\nIf you spot a mistake, please let us know.",
    'comment_status' => 'closed', 'ping_status' => 'closed',
) + dates('2026-01-10 09:00:00'), true), 'page about');
$guidelines = must(wp_insert_post(array(
    'post_type' => 'page', 'post_status' => 'draft', 'post_author' => $lena,
    'post_title' => 'Editorial guidelines',
    'post_content' => "Start every answer with the short version in one or two sentences. Explain any technical word the first time it appears, and list the sources you used at the end.",
    'comment_status' => 'closed', 'ping_status' => 'closed',
) + dates('2026-11-28 15:30:00'), true), 'page draft');

// ---- Comments ---------------------------------------------------------------
function comment($post, $args) {
    $base = array(
        'comment_post_ID' => $post, 'comment_author_url' => '', 'comment_author_IP' => '192.0.2.10',
        'comment_agent' => 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
        'comment_type' => 'comment', 'comment_parent' => 0, 'user_id' => 0, 'comment_approved' => 1,
    );
    return must(wp_insert_comment(array_merge($base, $args)), 'comment');
}
$ravi_u = get_userdata($ravi);
$lena_u = get_userdata($lena);

// Tides: approved thread three deep, pending, spam, trash.
$c1 = comment($tides, array('comment_author' => 'Jo Pennick', 'comment_author_email' => 'jo.pennick@example.com',
    'comment_content' => 'If there are two bulges, why do some places only get one high tide a day?') + cdates('2026-11-04 10:12:00'));
$c2 = comment($tides, array('comment_author' => $ravi_u->display_name, 'comment_author_email' => $ravi_u->user_email,
    'comment_author_url' => 'http://old.example.org', 'user_id' => $ravi, 'comment_parent' => $c1,
    'comment_content' => 'Good question. The shape of the coast and the depth of the sea basin can cancel out one of the two tides, so a few places, such as parts of the Gulf of Mexico, see just one a day.') + cdates('2026-11-04 14:40:00'));
$c3 = comment($tides, array('comment_author' => 'Jo Pennick', 'comment_author_email' => 'jo.pennick@example.com', 'comment_parent' => $c2,
    'comment_content' => "That makes sense, thank you. I had no idea the shape of the sea floor mattered so much.") + cdates('2026-11-05 08:03:00'));
$c4 = comment($tides, array('comment_author' => 'Sam Okafor', 'comment_author_email' => 'sam.okafor@example.net', 'comment_approved' => 0,
    'comment_content' => 'Are the tides really bigger around a full moon, or is that just a story?') + cdates('2026-11-06 21:17:00'));
$c5 = comment($tides, array('comment_author' => 'best watches', 'comment_author_email' => 'sales@spam.example.net',
    'comment_author_url' => 'http://spam.example.net/', 'comment_author_IP' => '198.51.100.7', 'comment_approved' => 0,
    'comment_content' => 'Cheap watches at the best prices, click here now!!!') + cdates('2026-11-07 03:02:00'));
wp_spam_comment($c5);
$c6 = comment($tides, array('comment_author' => 'anon', 'comment_author_email' => 'anon@example.com',
    'comment_content' => 'first') + cdates('2026-11-03 09:41:00'));
wp_trash_comment($c6);

// Volcanoes: approved, reply, pending reply three deep, pingback, spam, trash.
$c7 = comment($volcano, array('comment_author' => 'Priya Nair', 'comment_author_email' => 'priya@example.org',
    'comment_content' => 'Does anyone know which volcano erupts most often?') + cdates('2026-09-15 07:55:00'));
$c8 = comment($volcano, array('comment_author' => $lena_u->display_name, 'comment_author_email' => $lena_u->user_email,
    'comment_author_url' => 'http://old.example.org', 'user_id' => $lena, 'comment_parent' => $c7,
    'comment_content' => 'Some volcanoes erupt almost constantly, with small bursts every few minutes for years on end. Stromboli in Italy is the classic example.') + cdates('2026-09-15 12:30:00'));
$c9 = comment($volcano, array('comment_author' => 'Priya Nair', 'comment_author_email' => 'priya@example.org', 'comment_parent' => $c8,
    'comment_approved' => 0, 'comment_content' => 'Wow, every few minutes? Is it safe to visit?') + cdates('2026-09-16 18:20:00'));
$c10 = comment($volcano, array('comment_author' => 'Rock Notes &raquo; Ten questions about the ground beneath us',
    'comment_author_email' => '', 'comment_author_url' => 'http://rocknotes.example.com/2026/09/ten-questions/',
    'comment_author_IP' => '203.0.113.20', 'comment_agent' => 'WordPress/6.1.9; http://rocknotes.example.com',
    'comment_type' => 'pingback',
    'comment_content' => '[&#8230;] For a short explanation of why some eruptions are explosive and others are gentle, see this explainer [&#8230;]') + cdates('2026-09-18 09:00:00'));
$c11 = comment($volcano, array('comment_author' => 'seo helper', 'comment_author_email' => 'seo@spam.example.net',
    'comment_author_url' => 'http://spam.example.net/seo', 'comment_author_IP' => '198.51.100.7', 'comment_approved' => 'spam',
    'comment_content' => 'Great post! Get 10000 backlinks today.') + cdates('2026-09-19 04:44:00'));
$c12 = comment($volcano, array('comment_author' => 'Tom Hale', 'comment_author_email' => 'tom.hale@example.com',
    'comment_content' => 'Posted this on the wrong article, sorry.') + cdates('2026-09-20 13:10:00'));
wp_trash_comment($c12);

// ---- Make the export stable across reruns -----------------------------------
// Trash times and modification dates would otherwise be "now".
$trashed_at = strtotime('2026-11-30 09:00:00 UTC');
update_post_meta($trash, '_wp_trash_meta_time', $trashed_at);
foreach (array($c5, $c6, $c12) as $c) {
    if (get_comment_meta($c, '_wp_trash_meta_time', true)) {
        update_comment_meta($c, '_wp_trash_meta_time', $trashed_at);
    }
}
global $wpdb;
foreach (array($tides => '2026-11-05 10:00:00', $trash => '2026-11-30 10:00:00') as $id => $local) {
    $wpdb->update($wpdb->posts, array('post_modified' => $local, 'post_modified_gmt' => get_gmt_from_date($local)), array('ID' => $id));
    clean_post_cache($id);
}
// WP-cron would normally have sent pings/enclosures by now and removed these flags.
foreach (array('_pingme', '_encloseme') as $flag) {
    delete_post_meta_by_key($flag);
}

echo json_encode(compact('ravi', 'lena', 'cat_science', 'cat_earth', 'cat_food', 'tides', 'png_id', 'pdf_id',
    'volcano', 'honey', 'leap', 'draft', 'pending', 'trash', 'about', 'guidelines',
    'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12')) . "\n";
