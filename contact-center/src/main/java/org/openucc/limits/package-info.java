/**
 * Limits on how often a caller may do something (chats started per address, callbacks requested per
 * hour): plain Java on the server's clock, shared by the channels without making one depend on another.
 *
 * <p>Must not depend on: anything of the server's but the JDK (it is a leaf every channel may use).
 */
package org.openucc.limits;
