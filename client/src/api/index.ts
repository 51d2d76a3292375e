// Pages reach the cloud functions only through this folder (never wx.cloud directly).
export { callFunction, type CallOptions } from './call';
export { ApiError, NETWORK_MESSAGE, isApiError, messageOf, type ClientErrorCode } from './errors';
export { createRequestIdSlot, createRequestIdSlots, keepsRequestId, newRequestId, useRequestId, type RequestIdSlot } from './request-id';
