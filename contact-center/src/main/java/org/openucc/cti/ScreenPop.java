package org.openucc.cti;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openucc.crm.Contact;
import org.openucc.crm.Customer;
import org.openucc.crm.FollowUpTask;
import org.openucc.crm.ServiceCase;
import org.openucc.interaction.Channel;
import org.openucc.interaction.Tier;
import org.openucc.log.InteractionSummary;

/**
 * What the agent's console shows when an interaction is offered, assembled when the offer is made:
 * the customer and the contact who got in touch, their open cases and tasks, their last interactions
 * with dispositions, the context collected before routing (IVR digits and path, web page, subject),
 * and why the ACD chose this agent.
 *
 * @param customer     null when the customer is not identified (the agent may search)
 * @param contact      the contact the caller number / address belongs to, if known
 * @param otherMatches other contacts sharing that number or address: ask who is calling
 * @param context      the interaction's attributes, exactly as collected
 * @param problem      why part of the pop is missing (the store could not be read), else null
 */
public record ScreenPop(String interactionId, String agentId, Channel channel, String queueId, Instant offeredAt,
                        Instant expiresAt, Tier tier, Customer customer, Contact contact, int otherMatches,
                        List<ServiceCase> openCases, List<FollowUpTask> openTasks,
                        List<InteractionSummary> recentInteractions, Map<String, String> context,
                        DecisionView decision, String problem) {
    public ScreenPop {
        openCases = openCases == null ? List.of() : List.copyOf(openCases);
        openTasks = openTasks == null ? List.of() : List.copyOf(openTasks);
        recentInteractions = recentInteractions == null ? List.of() : List.copyOf(recentInteractions);
        context = context == null ? Map.of() : Map.copyOf(context);
    }
}
