// A small fetch wrapper shared by the citizen app and the agency console.
// Every refusal from the platform has one shape: {"error":{code,message,remedy,detail?,field?,request_id}}.

export class ApiError extends Error {
  readonly code: string;
  readonly remedy: string;
  readonly detail?: string;
  readonly field?: string;
  readonly status: number;
  readonly requestId?: string;

  constructor(status: number, body: { code?: string; message?: string; remedy?: string; detail?: string; field?: string; request_id?: string }) {
    super(body.message || '系统繁忙，请稍后再试');
    this.status = status;
    this.code = body.code || 'UNKNOWN';
    this.remedy = body.remedy || '';
    this.detail = body.detail;
    this.field = body.field;
    this.requestId = body.request_id;
  }
}

export function networkError(): ApiError {
  return new ApiError(0, { code: 'NETWORK', message: '网络连接失败', remedy: '请检查手机网络后重试' });
}

export interface ApiClientOptions {
  tokenKey: string;
  channel?: string;
  onUnauthorized: () => void;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  auth?: boolean;
}

export function createApi(options: ApiClientOptions) {
  const token = () => localStorage.getItem(options.tokenKey);
  const setToken = (value: string | null) => {
    if (value) localStorage.setItem(options.tokenKey, value);
    else localStorage.removeItem(options.tokenKey);
  };

  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.channel) headers['X-Channel'] = options.channel;
    const auth = opts.auth !== false;
    const current = token();
    if (auth && current) headers.Authorization = `Bearer ${current}`;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    let url = path;
    if (opts.query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: opts.method ?? 'GET',
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        cache: 'no-store',
      });
    } catch {
      throw networkError();
    }
    let data: unknown = null;
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!response.ok) {
      const body = (data as { error?: Record<string, string> } | null)?.error ?? {};
      const error = new ApiError(response.status, body);
      if (response.status === 401 && auth && current) {
        setToken(null);
        options.onUnauthorized();
      }
      throw error;
    }
    return data as T;
  }

  /** Sends a file as the raw request body (e.g. a 户口簿 photo); answers and refusals as request(). */
  async function putFile<T>(path: string, file: Blob): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' };
    if (options.channel) headers['X-Channel'] = options.channel;
    const current = token();
    if (current) headers.Authorization = `Bearer ${current}`;
    let response: Response;
    try {
      response = await fetch(path, { method: 'PUT', headers, body: file, cache: 'no-store' });
    } catch {
      throw networkError();
    }
    const text = await response.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!response.ok) {
      if (response.status === 401 && current) {
        setToken(null);
        options.onUnauthorized();
      }
      throw new ApiError(response.status, (data as { error?: Record<string, string> } | null)?.error ?? {});
    }
    return data as T;
  }

  /** A binary download (e.g. a PDF receipt) with the same headers; a refusal still throws the API's error. */
  async function blob(path: string): Promise<Blob> {
    const headers: Record<string, string> = { Accept: 'application/pdf, application/json' };
    if (options.channel) headers['X-Channel'] = options.channel;
    const current = token();
    if (current) headers.Authorization = `Bearer ${current}`;
    let response: Response;
    try {
      response = await fetch(path, { headers, cache: 'no-store' });
    } catch {
      throw networkError();
    }
    if (!response.ok) {
      let body: Record<string, string> = {};
      try {
        body = ((await response.json()) as { error?: Record<string, string> })?.error ?? {};
      } catch {
        body = {};
      }
      if (response.status === 401 && current) {
        setToken(null);
        options.onUnauthorized();
      }
      throw new ApiError(response.status, body);
    }
    return response.blob();
  }

  return { request, putFile, blob, token, setToken };
}

export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, { code: 'CLIENT', message: '页面出错了', remedy: '请返回首页后重试' });
}
