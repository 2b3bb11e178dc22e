/** Hands the API to components below App without a global; App sets it once. */
import { createContext } from 'svelte';
import type { Api } from './api';

export const [useApi, provideApi] = createContext<Api>();
