/**
 * The one home for threads (CONVENTIONS.md, architecture habit 9): {@link
 * org.openucc.concurrent.ThreadPools} builds the named worker pools the composition root hands out
 * and stops any pool with one helper; {@link org.openucc.concurrent.SerialExecutor} is the one way to
 * give a call, an IVR session or a chat a single owner over a shared pool.
 *
 * <p>Plain JDK and SLF4J only: every other package may use it, it uses none of them.
 */
package org.openucc.concurrent;
