/**
 * Models as the catalog describes them: versions with their back end, weights, parameter limits and cost prior, and aliases such as {@code stable}.
 */
package dev.easel.catalog.model;
