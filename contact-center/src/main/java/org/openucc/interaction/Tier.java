package org.openucc.interaction;

/** A customer's value class; routing turns it into priority (VIP first). */
public enum Tier {
    VIP,
    A,
    B,
    C
}
