package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.openucc.auth.Caller;
import org.openucc.config.Role;
import org.openucc.crm.Contact;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.CustomerQuery;
import org.openucc.crm.CustomerRecord;
import org.openucc.crm.FollowUpTask;
import org.openucc.crm.LookupKey;
import org.openucc.crm.NotFoundException;
import org.openucc.crm.PageRequest;
import org.openucc.crm.ServiceCase;
import org.openucc.http.BadRequestException;
import org.openucc.interaction.Tier;
import org.openucc.log.InteractionSummary;
import org.openucc.log.SummaryQuery;
import org.openucc.store.StoreServices;

/**
 * {@code /api/customers}: search with paging, create, read, replace (with the version read: 409 when
 * someone else changed it), delete (supervisors), the screen-pop lookup, and a customer's history.
 * Contacts, notes, tasks and cases are in {@link CustomerItemRoutes}.
 */
final class CustomerRoutes {
    /** A lookup's answer: the screen-pop data of the customer a phone, email, account or chat identity belongs to. */
    record LookupAnswer(String matchedBy, String matchedValue, Customer customer, Contact contact, int otherMatches,
                        List<ServiceCase> openCases, List<FollowUpTask> openTasks,
                        List<InteractionSummary> recentInteractions) {
        static LookupAnswer of(CustomerRecord r) {
            return new LookupAnswer(CustomerRoutes.kind(r.matchedBy()), r.matchedBy().value(), r.customer(), r.contact(), r.otherMatches(),
                    r.openCases(), r.openTasks(), r.recentInteractions());
        }
    }

    private final ApiContext api;

    CustomerRoutes(ApiContext api) {
        this.api = api;
    }

    void mount(Endpoints e) {
        e.get("/api/customers", Role.AGENT, this::search);
        e.post("/api/customers", Role.AGENT, this::create);
        e.get("/api/customers/lookup", Role.AGENT, this::lookup);
        e.get("/api/customers/:customerId", Role.AGENT, this::read);
        e.put("/api/customers/:customerId", Role.AGENT, this::replace);
        e.delete("/api/customers/:customerId", Role.SUPERVISOR, this::delete);
        e.get("/api/customers/:customerId/history", Role.AGENT, this::history);
    }

    private StoreServices store() {
        return api.store().get();
    }

    private void search(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        CustomerQuery query = new CustomerQuery(q.text("name", 200), q.text("phone", 50), q.text("email", 200),
                q.text("accountNumber", 40), q.enumValue("tier", Tier.class), q.text("tag", 50));
        PageRequest page = q.page();
        q.end();
        Replies.blocking(ctx, 200, () -> store().customers().search(query, page));
    }

    private void create(RoutingContext ctx) {
        CustomerDraft draft = CrmRequests.customer(ctx.body().asString(), false).draft();
        Replies.blocking(ctx, 201, () -> {
            Customer c = store().customers().create(draft);
            ctx.response().putHeader("location", "/api/customers/" + c.id());
            return c;
        });
    }

    private void lookup(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        String phone = q.text("phone", 50);
        String email = q.text("email", 200);
        String account = q.text("accountNumber", 40);
        String chat = q.text("chatIdentity", 200);
        q.end();
        List<LookupKey> keys = new java.util.ArrayList<>();
        if (phone != null) {
            keys.add(LookupKey.phone(phone));
        }
        if (email != null) {
            keys.add(LookupKey.email(email));
        }
        if (account != null) {
            keys.add(LookupKey.accountNumber(account));
        }
        if (chat != null) {
            keys.add(LookupKey.chatIdentity(chat));
        }
        if (keys.size() != 1) {
            throw BadRequestException.field("phone", "give exactly one of phone, email, accountNumber, chatIdentity");
        }
        Replies.blocking(ctx, 200, () -> store().lookup().lookup(keys.get(0)).map(LookupAnswer::of)
                .orElseThrow(() -> new NotFoundException("customer with " + kind(keys.get(0)),
                        keys.get(0).value())));
    }

    /** The name of the key's kind, as the query parameter is called. */
    static String kind(LookupKey key) {
        if (key instanceof LookupKey.ByPhone) {
            return "phone";
        }
        if (key instanceof LookupKey.ByEmail) {
            return "email";
        }
        return key instanceof LookupKey.ByAccountNumber ? "accountNumber" : "chatIdentity";
    }

    private void read(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("customerId");
        Replies.blocking(ctx, 200, () -> store().customers().get(id));
    }

    private void replace(RoutingContext ctx) {
        String id = ctx.pathParam("customerId");
        CrmRequests.Versioned<CustomerDraft> v = CrmRequests.customer(ctx.body().asString(), true);
        Replies.blocking(ctx, 200, () -> store().customers().update(id, v.version(), v.draft()));
    }

    private void delete(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        Integer version = q.integer("version", 1, Integer.MAX_VALUE);
        q.require("version", version);
        q.end();
        String id = ctx.pathParam("customerId");
        Caller caller = Replies.caller(ctx);
        Replies.blocking(ctx, 204, () -> {
            store().customers().delete(id, version);
            api.cti().audit().record(caller.username(), "customer", id, "delete", "deleted at version " + version)
                    .join();
            return null;
        });
    }

    private void history(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        PageRequest page = q.page();
        q.end();
        String id = ctx.pathParam("customerId");
        Replies.blocking(ctx, 200, () -> {
            store().customers().get(id);
            return store().interactionLog().interactions(SummaryQuery.forCustomer(id, page.limit())
                    .page(page.offset(), page.limit()));
        });
    }
}
