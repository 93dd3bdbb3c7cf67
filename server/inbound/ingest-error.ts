// Why an inbound message was refused: the answer a webhook or the API gives for it.
export class IngestError extends Error {
  /** 422: the message cannot be stored as sent; 409: it clashes with one stored meanwhile. */
  constructor(
    readonly code: string,
    message: string,
    readonly status: 409 | 422 = 422,
  ) {
    super(message);
  }
}
