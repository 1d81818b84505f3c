package org.openucc.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openucc.interaction.Channel;

/**
 * A queue: where interactions wait for an agent with the required skills.
 *
 * @param skills          required skill id to minimum level; agents holding all of them serve the queue
 * @param strategy        routing strategy name (longest-idle, most-skilled, least-occupied,
 *                        round-robin, ring-all, or a plugged-in one)
 * @param strategyOptions free options passed to the strategy
 * @param maxWait         after this wait the {@code maxWaitAction} fires ({@code null}: never)
 * @param maxWaiting      queue-full limit: arrivals beyond it are rejected (0: unlimited)
 * @param wrapUp          after-contact work time given to the agent
 * @param offerTimeout    how long an offer rings before it counts as missed
 * @param stickyWindow    a returning customer waits this long for their last agent ({@code null}/0: off)
 * @param businessHours   id of the business-hours calendar (may be null: always open)
 * @param whenClosed      what an arrival gets while the calendar says closed (default REJECT)
 * @param whenClosedQueue the queue arrivals go to while closed, with {@code whenClosed} OVERFLOW
 */
public record QueueConfig(
        String id,
        String name,
        Set<Channel> channels,
        Map<String, Integer> skills,
        ServiceLevel serviceLevel,
        String strategy,
        Map<String, String> strategyOptions,
        PriorityConfig priority,
        List<OverflowStep> overflow,
        Duration maxWait,
        MaxWaitAction maxWaitAction,
        String maxWaitQueue,
        int maxWaiting,
        Duration wrapUp,
        Duration offerTimeout,
        Duration stickyWindow,
        String businessHours,
        ClosedAction whenClosed,
        String whenClosedQueue) {

    /** A queue whose arrivals are refused while its business hours say closed (the default). */
    public QueueConfig(String id, String name, Set<Channel> channels, Map<String, Integer> skills,
                       ServiceLevel serviceLevel, String strategy, Map<String, String> strategyOptions,
                       PriorityConfig priority, List<OverflowStep> overflow, Duration maxWait,
                       MaxWaitAction maxWaitAction, String maxWaitQueue, int maxWaiting, Duration wrapUp,
                       Duration offerTimeout, Duration stickyWindow, String businessHours) {
        this(id, name, channels, skills, serviceLevel, strategy, strategyOptions, priority, overflow, maxWait,
                maxWaitAction, maxWaitQueue, maxWaiting, wrapUp, offerTimeout, stickyWindow, businessHours, null, null);
    }

    public QueueConfig {
        name = name == null ? id : name;
        channels = channels == null || channels.isEmpty() ? Set.of(Channel.VOICE) : Set.copyOf(channels);
        skills = skills == null ? Map.of() : Map.copyOf(skills);
        serviceLevel = serviceLevel == null ? ServiceLevel.DEFAULT : serviceLevel;
        strategy = strategy == null ? "longest-idle" : strategy;
        strategyOptions = strategyOptions == null ? Map.of() : Map.copyOf(strategyOptions);
        priority = priority == null ? PriorityConfig.DEFAULT : priority;
        overflow = overflow == null ? List.of() : List.copyOf(overflow);
        maxWaitAction = maxWaitAction == null ? MaxWaitAction.DISCONNECT : maxWaitAction;
        wrapUp = wrapUp == null ? Duration.ofSeconds(10) : wrapUp;
        offerTimeout = offerTimeout == null ? Duration.ofSeconds(20) : offerTimeout;
        stickyWindow = stickyWindow == null ? Duration.ZERO : stickyWindow;
        whenClosed = whenClosed == null ? ClosedAction.REJECT : whenClosed;
    }

    /** The same queue with another calendar and closed action (tests, API changes). */
    public QueueConfig withBusinessHours(String calendar, ClosedAction action, String closedQueue) {
        return new QueueConfig(id, name, channels, skills, serviceLevel, strategy, strategyOptions, priority, overflow,
                maxWait, maxWaitAction, maxWaitQueue, maxWaiting, wrapUp, offerTimeout, stickyWindow, calendar, action,
                closedQueue);
    }

    /** A queue with defaults for everything but id, channels and skills (handy in tests). */
    public static QueueConfig of(String id, Set<Channel> channels, Map<String, Integer> skills) {
        return new QueueConfig(id, null, channels, skills, null, null, null, null, null, null,
                null, null, 0, null, null, null, null);
    }
}
