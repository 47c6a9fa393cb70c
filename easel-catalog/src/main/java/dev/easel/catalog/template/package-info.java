/**
 * Prompt templates and their sandboxed Mustache renderer.
 */
package dev.easel.catalog.template;
