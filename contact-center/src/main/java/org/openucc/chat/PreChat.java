package org.openucc.chat;

import java.util.List;

/**
 * The widget's pre-chat form and the page context it sends along.
 *
 * @param email   optional; with a phone or email the visitor is matched to (or becomes) a CRM contact
 * @param pages    pages the visitor browsed on the site, oldest first (as the widget recorded them)
 * @param verified the email/phone come from an identity token the host site signed, not from the form
 */
public record PreChat(String name, String email, String phone, String topic, List<String> pages, String currentPage,
                      boolean verified) {
    public PreChat {
        pages = pages == null ? List.of() : List.copyOf(pages);
    }

    /** A form as typed: nothing in it is vouched for. */
    public PreChat(String name, String email, String phone, String topic, List<String> pages, String currentPage) {
        this(name, email, phone, topic, pages, currentPage, false);
    }

    /** Whether the visitor left a way to reach them. */
    public boolean leftDetails() {
        return (email != null && !email.isBlank()) || (phone != null && !phone.isBlank());
    }
}
