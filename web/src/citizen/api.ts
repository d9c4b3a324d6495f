import { createApi } from '../shared/api';
import type { Person } from '../shared/types';
import { router } from './router';

export const api = createApi({
  tokenKey: 'yibao.citizen.token',
  channel: 'app',
  onUnauthorized: () => {
    void router.replace({ name: 'login', query: { expired: '1' } });
  },
});

export const getMe = () => api.request<Person>('/api/v1/me');
