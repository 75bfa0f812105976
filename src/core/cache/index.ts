export { AnalysisCache, CACHE_FORMAT, shardOf, type AnalysisCacheOptions, type CacheStats } from './analysisCache';
export { InMemoryCacheStorage, type CacheStorage } from './storage';
export { hashBytes, hashString } from './hash';
export { measureOpen, timeOpen, type OpenBenchOptions, type OpenBenchResult, type OpenPhase } from './openBench';
