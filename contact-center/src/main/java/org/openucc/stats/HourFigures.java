package org.openucc.stats;

/**
 * One hour of a queue's day, for the chart of service level and volume.
 *
 * @param hour           local hour of day, 0-23
 * @param offered        entries into the queue in that hour
 * @param answeredWithin of those, answered within the service-level threshold
 * @param finished       of those, answered or abandoned in a way that counts: the service level's base
 */
public record HourFigures(int hour, long offered, long answeredWithin, long finished) {
}
