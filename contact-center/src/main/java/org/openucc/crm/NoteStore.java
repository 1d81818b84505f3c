package org.openucc.crm;

import java.util.Optional;

/** Notes on customers. Same write rules as {@link CustomerStore}. */
public interface NoteStore {

    Note add(String customerId, NoteDraft draft);

    Optional<Note> find(String noteId);

    /** The customer's notes, newest first. */
    Page<Note> notes(String customerId, PageRequest page);

    Note update(String noteId, long expectedVersion, NoteDraft draft);

    void delete(String noteId, long expectedVersion);
}
