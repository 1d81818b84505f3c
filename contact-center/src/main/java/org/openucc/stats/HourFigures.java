package org.openucc.stats;

/**
 * One hour of a queue's day, for the chart of service level and volume.
 *
 * @param hour           local hour of day, 0-23
 * @param offered        interactions that arrived in the queue in that hour
 * @param answeredWithin answered within the service-level threshold in that hour
 * @param finished       answered, or abandoned after the threshold, in that hour: the service level's base
 */
public record HourFigures(int hour, long offered, long answeredWithin, long finished) {
}
