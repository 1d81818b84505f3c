/**
 * Agents' own calls (dial-out): the console's dial pad and click-to-call start an OUTBOUND_VOICE
 * interaction that is the agent's at once in the ACD; the voice flow rings the agent's phone, then
 * the customer's number, and bridges them as one of its calls.
 */
package org.openucc.dialout;
