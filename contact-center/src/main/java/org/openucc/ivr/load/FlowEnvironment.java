package org.openucc.ivr.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.openucc.config.BusinessHoursConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.IvrConfig;
import org.openucc.config.QueueConfig;
import org.openucc.config.SkillConfig;
import org.openucc.interaction.Channel;

/**
 * What flows are checked against: the prompts on disk, the languages, and the queues, skills and
 * business-hours calendars of the server's configuration.
 *
 * @param holdMusic the prompt a queue node plays when it names none
 */
public record FlowEnvironment(Path promptsDir, List<String> languages, String defaultLanguage, String holdMusic,
                              Map<String, Set<Channel>> queues, Set<String> skills, Set<String> calendars) {
    public FlowEnvironment {
        languages = List.copyOf(languages);
        queues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queues));
        // Sorted: "did you mean" breaks ties the same way on every run.
        skills = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(skills));
        calendars = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(calendars));
    }

    public static FlowEnvironment of(ContactCenterConfig config) {
        IvrConfig ivr = config.ivr();
        Map<String, Set<Channel>> queues = new LinkedHashMap<>();
        for (QueueConfig q : config.queues()) {
            queues.put(q.id(), q.channels());
        }
        return new FlowEnvironment(Path.of(ivr.promptsPath()), ivr.languages(), ivr.defaultLanguage(), ivr.holdMusic(),
                queues, config.skills().stream().map(SkillConfig::id).collect(Collectors.toSet()),
                config.businessHours().stream().map(BusinessHoursConfig::id).collect(Collectors.toSet()));
    }

    public FlowEnvironment withPromptsDir(Path dir) {
        return new FlowEnvironment(dir, languages, defaultLanguage, holdMusic, queues, skills, calendars);
    }
}
