package org.openucc.email;

/** The readable text of an HTML-only mail, for the transcript's plain body and the search. */
final class HtmlText {
    private HtmlText() {
    }

    static String of(String html) {
        String noScripts = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ");
        String breaks = noScripts.replaceAll("(?i)<br\\s*/?>|</p>|</div>|</li>|</tr>", "\n");
        String text = breaks.replaceAll("<[^>]*>", "");
        return text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&").replaceAll("[ \\t]+", " ").strip();
    }
}
