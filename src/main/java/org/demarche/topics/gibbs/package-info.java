/**
 * Internals of {@link org.demarche.topics.GibbsLda}: the AD-LDA driver loop ({@link
 * org.demarche.topics.gibbs.AdLda}), the SparseLDA sampler ({@link org.demarche.topics.gibbs.SparseSampler}), the
 * compact partition state ({@link org.demarche.topics.gibbs.DocPartition}, {@link
 * org.demarche.topics.gibbs.WordBlock}, {@link org.demarche.topics.gibbs.DeltaBlock}), the hyperparameter updates
 * ({@link org.demarche.topics.gibbs.Dirichlet}) and inference for new documents ({@link
 * org.demarche.topics.gibbs.Inference}). Public for the stage classes one package up; not an API.
 *
 * <p>Measured (2 cores shared with other jobs, 5,000 AllSides documents, 1.7 M tokens, V 17,674, K 50): the sampler
 * alone runs at about 75 ns per token per sweep on one thread once topics have settled (468 ns in the first sweep,
 * when every word is spread over all topics); a Spark iteration adds a few hundred ms of job, shuffle and
 * serialisation overhead (see {@code GibbsLdaBench} and {@code SparseSamplerBench} in the tests).
 */
package org.demarche.topics.gibbs;
