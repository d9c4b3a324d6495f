// The load/error/retry state every page that shows a list repeats: `data` is null until the
// first answer, `error` holds the platform's refusal (shown by ErrorNotice), `reload` fetches
// again and keeps the old data on screen until the new one arrives.
import { onMounted, ref, type Ref } from 'vue';
import { ApiError, asApiError } from './api';

export interface Load<T> {
  data: Ref<T | null>;
  error: Ref<ApiError | null>;
  loading: Ref<boolean>;
  reload: () => Promise<void>;
}

export function useLoad<T>(fetcher: () => Promise<T>, options: { immediate?: boolean } = {}): Load<T> {
  const data = ref<T | null>(null) as Ref<T | null>;
  const error = ref<ApiError | null>(null);
  const loading = ref(false);
  async function reload() {
    loading.value = true;
    try {
      data.value = await fetcher();
      error.value = null;
    } catch (e) {
      error.value = asApiError(e);
    } finally {
      loading.value = false;
    }
  }
  if (options.immediate !== false) onMounted(reload);
  return { data, error, loading, reload };
}
