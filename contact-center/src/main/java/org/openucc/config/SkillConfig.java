package org.openucc.config;

/** A skill agents can hold at a level 1..10 and interactions can require. */
public record SkillConfig(String id, String name) {
}
