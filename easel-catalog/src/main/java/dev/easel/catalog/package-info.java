/**
 * The catalog: models, pipelines, prompt templates, scenes and examples, loaded from a folder of
 * YAML files, validated, reloaded atomically, and used to turn a request into a plan of jobs.
 */
package dev.easel.catalog;
