/**
 * Resolution of task requests into plans of jobs, and reproduction of recorded plans.
 */
package dev.easel.catalog.plan;
