/**
 * Scenes: a pipeline plus a localized input form with presets per user group, and the validation of what users fill in.
 */
package dev.easel.catalog.scene;
