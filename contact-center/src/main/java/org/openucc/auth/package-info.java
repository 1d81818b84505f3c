/**
 * Who may use the API and the consoles: configured users with roles (AGENT, SUPERVISOR, ADMIN) and
 * bcrypt password hashes ({@link org.openucc.auth.PasswordHasher}), logins with throttling
 * ({@link org.openucc.auth.Authenticator}, {@link org.openucc.auth.LoginThrottle}), in-memory sessions
 * for cookies and bearer tokens ({@link org.openucc.auth.SessionStore}), and the {@link org.openucc.auth.Caller}
 * every request and WebSocket message is authorized as. No HTTP here: the web adapter reads cookies
 * and headers and asks these classes.
 */
package org.openucc.auth;
