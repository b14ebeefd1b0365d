package io.thaw.sandbox;

import java.util.List;
import java.util.Map;

/** The XML the SNS query protocol answers with: {@code <XResponse><XResult>…</XResult><ResponseMetadata>}. */
final class SnsXml {

    private static final String NS = "http://sns.amazonaws.com/doc/2010-03-31/";

    private SnsXml() {
    }

    /** A success reply; {@code result} is already-escaped inner XML of the Result element (may be empty). */
    static String response(String action, String result) {
        return "<" + action + "Response xmlns=\"" + NS + "\">"
                + "<" + action + "Result>" + result + "</" + action + "Result>"
                + "<ResponseMetadata><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata>"
                + "</" + action + "Response>";
    }

    static String error(String type, String code, String message) {
        return "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>" + type + "</Type><Code>" + esc(code)
                + "</Code><Message>" + esc(message) + "</Message></Error><RequestId>" + java.util.UUID.randomUUID()
                + "</RequestId></ErrorResponse>";
    }

    static String element(String name, String value) {
        return value == null ? "" : "<" + name + ">" + esc(value) + "</" + name + ">";
    }

    /** {@code <name><member>…</member>…</name>} where each member is already-built inner XML. */
    static String members(String name, List<String> members) {
        StringBuilder sb = new StringBuilder("<" + name + ">");
        members.forEach(m -> sb.append("<member>").append(m).append("</member>"));
        return sb.append("</").append(name).append(">").toString();
    }

    /** An attribute map as SNS writes it: {@code <Attributes><entry><key/><value/></entry>…}. */
    static String attributes(Map<String, String> attrs) {
        StringBuilder sb = new StringBuilder("<Attributes>");
        attrs.forEach((k, v) -> sb.append("<entry>").append(element("key", k)).append(element("value", v))
                .append("</entry>"));
        return sb.append("</Attributes>").toString();
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
