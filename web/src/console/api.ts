import { ref } from 'vue';
import { createApi } from '../shared/api';

export const loggedIn = ref(!!localStorage.getItem('yibao.console.token'));

export const api = createApi({
  tokenKey: 'yibao.console.token',
  onUnauthorized: () => {
    loggedIn.value = false;
  },
});
