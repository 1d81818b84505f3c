package org.openucc.channels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openucc.chat.ChatIntake;
import org.openucc.chat.PreChat;
import org.openucc.config.ChatTopic;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.CustomerMatch;
import org.openucc.crm.InvalidFieldsException;
import org.openucc.crm.LookupKey;
import org.openucc.crm.Phone;
import org.openucc.intake.InteractionIntake;
import org.openucc.interaction.Channel;
import org.openucc.store.StoreServices;

/**
 * Chats into the ACD through {@link InteractionIntake}: a visitor whose email or phone is known is
 * that customer; an unknown visitor who left one becomes a new customer with one contact; a visitor
 * who left neither stays anonymous. The pages they browsed go along as context for the screen pop.
 */
final class CrmChatIntake implements ChatIntake {
    private final InteractionIntake intake;
    private final StoreServices store;

    CrmChatIntake(InteractionIntake intake, StoreServices store) {
        this.intake = intake;
        this.store = store;
    }

    @Override
    public Started start(PreChat form, ChatTopic topic, String clientAddress) {
        String customerId = known(form).or(() -> newContact(form)).map(Customer::id).orElse(null);
        Map<String, String> context = new LinkedHashMap<>();
        context.put("chat.visitor", form.name());
        context.put("chat.topic", topic.id());
        context.put("chat.identity", form.verified() ? "verified by the web site" : "as typed by the visitor");
        if (form.currentPage() != null) {
            context.put("web.currentPage", form.currentPage());
        }
        if (!form.pages().isEmpty()) {
            context.put("web.pages", String.join("\n", form.pages()));
        }
        context.put("web.clientAddress", clientAddress);
        InteractionIntake.Created c = intake.create(new InteractionIntake.Request(Channel.CHAT, topic.queue(), "INBOUND",
                customerId, form.phone(), form.email(), null, null, topic.skills(), 0, null, context));
        return new Started(c.id(), c.customerId(), c.state(), c.position(), c.estimatedWaitMillis(), c.reason());
    }

    private Optional<Customer> known(PreChat form) {
        for (LookupKey key : keys(form)) {
            Optional<CustomerMatch> m = store.customers().lookup(key);
            if (m.isPresent()) {
                return Optional.of(m.get().customer());
            }
        }
        return Optional.empty();
    }

    private Optional<Customer> newContact(PreChat form) {
        if (!form.leftDetails()) {
            return Optional.empty();
        }
        try {
            Customer c = store.customers().create(new CustomerDraft(form.name(), null, null, null, null,
                    List.of("web-chat"), null, null));
            store.customers().addContact(c.id(), new ContactDraft(form.name(), null,
                    form.phone() == null ? List.of() : List.of(Phone.of(form.phone())),
                    form.email() == null ? List.of() : List.of(form.email()), null));
            return Optional.of(c);
        } catch (InvalidFieldsException e) {
            // e.g. a phone number that is not one: the chat goes ahead with an anonymous visitor
            return Optional.empty();
        }
    }

    private static List<LookupKey> keys(PreChat form) {
        List<LookupKey> keys = new java.util.ArrayList<>();
        if (form.email() != null) {
            keys.add(LookupKey.email(form.email()));
        }
        if (form.phone() != null) {
            keys.add(LookupKey.phone(form.phone()));
        }
        return keys;
    }
}
