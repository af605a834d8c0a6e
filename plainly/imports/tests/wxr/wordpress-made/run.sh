#!/bin/sh
# Makes ../wordpress-made.xml with WordPress's own exporter: builds a small site from nothing in
# Debian's wordpress package (apt-get install wordpress mariadb-server php-cli php-mysql php-xml
# php-gd; then service mariadb start), exports it, and copies its uploads beside the tests'.
# Only the export's <pubDate> and the "created" line change from one run to the next.
set -e
cd "$(dirname "$0")"
mysql -e "DROP DATABASE IF EXISTS wordpress; CREATE DATABASE wordpress DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; CREATE USER IF NOT EXISTS 'wpfixture'@'localhost' IDENTIFIED BY 'fixturepw'; GRANT ALL ON wordpress.* TO 'wpfixture'@'localhost'; FLUSH PRIVILEGES;"
cp config-localhost.php /etc/wordpress/config-localhost.php
rm -rf /var/lib/wordpress/wp-content/uploads/2026
php install.php
php populate.php
OUT=${1:-../wordpress-made.xml}
php export.php "$OUT"
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$OUT"
grep -q 'xmlns:wp="http://wordpress.org/export/1.2/"' "$OUT"
UP=${2:-../../uploads/2026/11}
mkdir -p "$UP"
cp /var/lib/wordpress/wp-content/uploads/2026/11/tide-chart.png /var/lib/wordpress/wp-content/uploads/2026/11/tide-tables.pdf "$UP"/
ls -l "$OUT" "$UP"
