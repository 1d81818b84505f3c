/**
 * What agents share besides interactions: the bulletin board supervisors post to, and the knowledge
 * base of standard answers. Records and ports only; the store implements them, the API and the agent
 * stream serve them.
 */
package org.openucc.board;
