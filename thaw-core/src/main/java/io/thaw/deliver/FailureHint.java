package io.thaw.deliver;

import java.util.Locale;

/**
 * The fix to suggest for a failed FTP, FTPS or SFTP delivery, chosen from the server's reply or the
 * client library's exception: each cause gets its own, not one generic line for all.
 */
final class FailureHint {

    private FailureHint() {
    }

    /** @param settings how the user names this destination's settings ({@code thaw.destinations.x.}) */
    static String of(Throwable failure, String settings) {
        String m = messages(failure).toLowerCase(Locale.ROOT);
        if (m.contains("session reuse") || m.contains(" 522 ")) {
            return "the server requires the data connection to reuse the control connection's TLS session and did not"
                    + " accept thaw's — check that it offers TLS 1.2 or 1.3 and keeps its TLS session cache (vsftpd:"
                    + " require_ssl_reuse; ProFTPD: TLSOptions NoSessionReuseRequired), or try " + settings
                    + "implicit-tls if the server listens for implicit TLS";
        }
        if (m.contains("hostkey has been changed") || m.contains("host key has changed")) {
            return "the server's host key is not the one in the known-hosts file (" + settings + "known-hosts-file):"
                    + " if the server was reinstalled, check its new key with its administrator, then replace its line"
                    + " (ssh-keygen -R '[host]:port' -f FILE; ssh-keyscan -p PORT HOST >> FILE); otherwise someone may"
                    + " be intercepting the connection";
        }
        if (m.contains("unknownhostkey") || m.contains("reject hostkey") || m.contains("unknown host key")) {
            return "the server's host key is not in the known-hosts file (" + settings + "known-hosts-file) — add it"
                    + " (ssh-keyscan -p PORT HOST >> FILE) after checking its fingerprint with the server's administrator";
        }
        if (m.contains("pkix") || m.contains("certificate") || m.contains("subject alternative name")
                || m.contains("sslhandshake") || m.contains("handshake")) {
            return "the server's TLS certificate is not trusted for this host — put the server's certificate (or its"
                    + " CA) in the trust store " + settings + "trust-store, and connect by a name the certificate lists";
        }
        if (m.contains("auth fail") || m.contains("auth cancel") || m.contains("login incorrect")
                || m.contains("login as") || m.contains(" 530 ")) {
            return "the server refused the login — check " + settings + "username and " + settings + "password (or "
                    + settings + "private-key-file for SFTP)";
        }
        if (m.contains("no space") || m.contains("quota") || m.contains("disk full") || m.contains(" 452 ")
                || m.contains(" 552 ") || m.contains("failure writing") || m.contains("write failed")) {
            return "the server's disk (or the user's quota) is full — free space there; thaw tries again later";
        }
        if (m.contains("permission denied") || m.contains(" 553 ") || m.contains(" 550 ")) {
            return "the server refused to create or write there — give the user write permission on that folder, or"
                    + " point the destination at a folder it may write to";
        }
        if (m.contains("connection refused") || m.contains("unknownhost") || m.contains("unknown host")
                || m.contains("timed out") || m.contains("no route")) {
            return "the server could not be reached — check the destination's address and port and that the server runs";
        }
        return "check the server's log for this time; the connection may have been cut";
    }

    /** Every message in the cause chain, with spaces around, so " 530 " also matches a reply code at the start. */
    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder(" ");
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(' ');
            if (sb.length() > 4000) {
                break;
            }
        }
        return sb.toString().replace(":", ": ");
    }
}
