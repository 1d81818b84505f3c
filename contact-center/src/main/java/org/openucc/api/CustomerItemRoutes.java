package org.openucc.api;

import io.vertx.ext.web.RoutingContext;
import org.openucc.auth.Caller;
import org.openucc.auth.AccessDeniedException;
import org.openucc.config.Role;
import org.openucc.crm.CaseDraft;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.Note;
import org.openucc.crm.NoteDraft;
import org.openucc.crm.NotFoundException;
import org.openucc.crm.PageRequest;
import org.openucc.crm.TaskDraft;
import org.openucc.store.StoreServices;

/**
 * What hangs off a customer: contacts, notes, follow-up tasks and service cases. Listed and added under
 * {@code /api/customers/{id}/…}, replaced and deleted under their own ids with the version read.
 * Notes are the author's words: only the author or a supervisor may change them.
 */
final class CustomerItemRoutes {
    private final ApiContext api;

    CustomerItemRoutes(ApiContext api) {
        this.api = api;
    }

    void mount(Endpoints e) {
        e.get("/api/customers/:customerId/contacts", Role.AGENT, this::contacts);
        e.post("/api/customers/:customerId/contacts", Role.AGENT, this::addContact);
        e.put("/api/contacts/:contactId", Role.AGENT, this::replaceContact);
        e.delete("/api/contacts/:contactId", Role.SUPERVISOR, ctx -> delete(ctx, "contactId",
                (s, id, v) -> s.customers().deleteContact(id, v)));

        e.get("/api/customers/:customerId/notes", Role.AGENT, this::notes);
        e.post("/api/customers/:customerId/notes", Role.AGENT, this::addNote);
        e.put("/api/notes/:noteId", Role.AGENT, this::replaceNote);
        e.delete("/api/notes/:noteId", Role.SUPERVISOR, ctx -> delete(ctx, "noteId", (s, id, v) -> s.notes().delete(id, v)));

        e.get("/api/customers/:customerId/tasks", Role.AGENT, this::tasks);
        e.post("/api/customers/:customerId/tasks", Role.AGENT, this::addTask);
        e.get("/api/tasks", Role.AGENT, this::taskList);
        e.put("/api/tasks/:taskId", Role.AGENT, this::replaceTask);
        e.delete("/api/tasks/:taskId", Role.SUPERVISOR, ctx -> delete(ctx, "taskId", (s, id, v) -> s.tasks().delete(id, v)));

        e.get("/api/customers/:customerId/cases", Role.AGENT, this::cases);
        e.post("/api/customers/:customerId/cases", Role.AGENT, this::openCase);
        e.put("/api/cases/:caseId", Role.AGENT, this::replaceCase);
        e.delete("/api/cases/:caseId", Role.SUPERVISOR, ctx -> delete(ctx, "caseId", (s, id, v) -> s.cases().delete(id, v)));
    }

    private StoreServices store() {
        return api.store().get();
    }

    private void contacts(RoutingContext ctx) {
        new QueryParams(ctx).end();
        String id = ctx.pathParam("customerId");
        Replies.blocking(ctx, 200, () -> {
            store().customers().get(id);
            return store().customers().contacts(id);
        });
    }

    private void addContact(RoutingContext ctx) {
        ContactDraft d = CrmRequests.contact(ctx.body().asString(), false).draft();
        String id = ctx.pathParam("customerId");
        Replies.blocking(ctx, 201, () -> store().customers().addContact(id, d));
    }

    private void replaceContact(RoutingContext ctx) {
        CrmRequests.Versioned<ContactDraft> v = CrmRequests.contact(ctx.body().asString(), true);
        String id = ctx.pathParam("contactId");
        Replies.blocking(ctx, 200, () -> store().customers().updateContact(id, v.version(), v.draft()));
    }

    private void notes(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        PageRequest page = q.page();
        q.end();
        String id = ctx.pathParam("customerId");
        Replies.blocking(ctx, 200, () -> store().notes().notes(id, page));
    }

    private void addNote(RoutingContext ctx) {
        Caller caller = Replies.caller(ctx);
        NoteDraft d = CrmRequests.note(ctx.body().asString(), false, caller.username()).draft();
        String id = ctx.pathParam("customerId");
        Replies.blocking(ctx, 201, () -> store().notes().add(id, d));
    }

    private void replaceNote(RoutingContext ctx) {
        Caller caller = Replies.caller(ctx);
        CrmRequests.Versioned<NoteDraft> v = CrmRequests.note(ctx.body().asString(), true, caller.username());
        String id = ctx.pathParam("noteId");
        Replies.blocking(ctx, 200, () -> {
            Note before = store().notes().find(id).orElseThrow(() -> new NotFoundException("note", id));
            if (!caller.is(Role.SUPERVISOR) && !caller.username().equals(before.author())) {
                throw new AccessDeniedException("note " + id + " was written by '" + before.author()
                        + "'; only the author or a supervisor may change it");
            }
            // The author stays who wrote it; a supervisor's correction is theirs only in the version.
            NoteDraft draft = new NoteDraft(before.author(), v.draft().text(), v.draft().interactionId());
            return store().notes().update(id, v.version(), draft);
        });
    }

    private void tasks(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        boolean open = q.flag("openOnly");
        PageRequest page = q.page();
        q.end();
        String id = ctx.pathParam("customerId");
        Replies.blocking(ctx, 200, () -> store().tasks().tasks(id, open, page));
    }

    /**
     * Tasks across customers: with {@code unassigned=true} those of no customer (from unidentified
     * callers, to be picked up by anyone), else the calling agent's own to-do list.
     */
    private void taskList(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        boolean unassigned = q.flag("unassigned");
        boolean open = q.flag("openOnly");
        PageRequest page = q.page();
        q.end();
        if (unassigned) {
            Replies.blocking(ctx, 200, () -> store().tasks().unassigned(open, page));
            return;
        }
        String agentId = Replies.caller(ctx).agentId();
        if (agentId == null) {
            throw org.openucc.http.BadRequestException.field("unassigned", "user '" + Replies.caller(ctx).username()
                    + "' is not an agent and has no tasks of their own; ask for unassigned=true");
        }
        Replies.blocking(ctx, 200, () -> store().tasks().tasksOwnedBy(agentId, open, page));
    }

    private void addTask(RoutingContext ctx) {
        TaskDraft d = CrmRequests.task(ctx.body().asString(), false).draft();
        String id = ctx.pathParam("customerId");
        Replies.blocking(ctx, 201, () -> store().tasks().add(id, d));
    }

    private void replaceTask(RoutingContext ctx) {
        CrmRequests.Versioned<TaskDraft> v = CrmRequests.task(ctx.body().asString(), true);
        String id = ctx.pathParam("taskId");
        Replies.blocking(ctx, 200, () -> store().tasks().update(id, v.version(), v.draft()));
    }

    private void cases(RoutingContext ctx) {
        QueryParams q = new QueryParams(ctx);
        boolean open = q.flag("openOnly");
        PageRequest page = q.page();
        q.end();
        String id = ctx.pathParam("customerId");
        Replies.blocking(ctx, 200, () -> store().cases().cases(id, open, page));
    }

    private void openCase(RoutingContext ctx) {
        CaseDraft d = CrmRequests.serviceCase(ctx.body().asString(), false).draft();
        String id = ctx.pathParam("customerId");
        Replies.blocking(ctx, 201, () -> store().cases().open(id, d));
    }

    private void replaceCase(RoutingContext ctx) {
        CrmRequests.Versioned<CaseDraft> v = CrmRequests.serviceCase(ctx.body().asString(), true);
        String id = ctx.pathParam("caseId");
        Replies.blocking(ctx, 200, () -> store().cases().update(id, v.version(), v.draft()));
    }

    /** A versioned delete: {@code ?version=N} is required; 409 if the record changed since. */
    interface VersionedDelete {
        void delete(StoreServices store, String id, long version);
    }

    private void delete(RoutingContext ctx, String param, VersionedDelete delete) {
        QueryParams q = new QueryParams(ctx);
        Integer version = q.integer("version", 1, Integer.MAX_VALUE);
        q.require("version", version);
        q.end();
        String id = ctx.pathParam(param);
        Replies.blocking(ctx, 204, () -> {
            delete.delete(store(), id, version);
            return null;
        });
    }
}
