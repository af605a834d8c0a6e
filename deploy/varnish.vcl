vcl 4.1;
# Varnish in front of Plainly: anonymous readers get pages from memory, members and writers go
# straight through, and Plainly purges a page the moment it changes. See deploy/varnish.md.

import std;

backend plainly {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Only Plainly itself may purge: from these addresses, and with the secret it is given as
# PLAINLY_FRONTEND_CACHE_SECRET. Behind a proxy on the same machine every reader's request comes
# from 127.0.0.1 too, so the address alone proves nothing.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (!client.ip ~ purgers || req.http.X-Purge-Secret != "REPLACE-WITH-PLAINLY_FRONTEND_CACHE_SECRET") {
            return (synth(403, "Forbidden"));
        }
        # The host and path become part of a ban expression: only the characters a Plainly
        # address holds are taken, and the path's regular-expression characters are escaped,
        # so a purge drops exactly the path it names.
        if (req.http.host !~ "^[A-Za-z0-9.:\[\]-]+$" || req.url !~ "^/[A-Za-z0-9/_.~%+-]*(\?[^\s]*)?$") {
            return (synth(400, "Bad purge"));
        }
        set req.http.X-Purge-Path = regsuball(regsub(req.url, "\?.*$", ""), "([.+])", "\\\1");
        if (req.method == "PURGE") {
            # The path with any query string: ?page=2, ?comments=3, tracking parameters.
            ban("obj.http.x-host == " + req.http.host + " && obj.http.x-url ~ ^" + req.http.X-Purge-Path + "(\?|$)");
        } else {
            # Everything under the path, on every host: BAN / empties the cache, for changes any
            # page may show, including a site's new address (its old one must go too).
            ban("obj.http.x-url ~ ^" + req.http.X-Purge-Path);
        }
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Parameters added by mail and social sites never change a page. Most requests have no query
    # string at all, and skip the rewriting.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "(?i)([?&])(utm_[a-z_]+|fbclid|gclid|msclkid|mc_cid|mc_eid|ref)=[^&]*", "\1");
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = regsub(req.url, "\?&", "?");
    }
    # Members, readers writing a comment and readers with a message waiting get fresh pages.
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie) {
        if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
            return (pass);
        }
        # Other cookies (analytics and the like) never change a page; dropping them lets it be
        # shared.
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_backend_fetch {
    # A fetch in the background renews a copy a reader was given, whose read Plainly counted
    # from Varnish's log (plainly count-varnish-reads): Plainly must not count it again.
    if (bereq.is_bgfetch) {
        set bereq.http.User-Agent = "Varnish background fetch";
    }
}

sub vcl_backend_response {
    # Kept for bans, which the ban lurker can then apply in the background.
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-url = bereq.url;
    # Only what Plainly marks as shareable is kept; everything else is fetched every time.
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Plainly says how long with s-maxage and purges on change; keep a stale copy for outages.
    set beresp.grace = 1h;
}

sub vcl_deliver {
    unset resp.http.x-host;
    unset resp.http.x-url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
