// Typed failures of the analytics core: callers get a code and a sentence, never NaN.

export class AnalyticsError extends Error {
  constructor(
    readonly code: "INVALID_INPUT" | "INSUFFICIENT_DATA" | "CONVERGENCE",
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input breaks a rule (negative amount, unknown currency, a date after the observation end, ...). */
export class InvalidInputError extends AnalyticsError {
  constructor(message: string) {
    super("INVALID_INPUT", message);
  }
}

/** The data cannot support the computation (e.g. too few repeat buyers to fit a model). */
export class InsufficientDataError extends AnalyticsError {
  constructor(message: string) {
    super("INSUFFICIENT_DATA", message);
  }
}

/** The optimiser did not reach a finite maximum. */
export class ConvergenceError extends AnalyticsError {
  constructor(message: string) {
    super("CONVERGENCE", message);
  }
}
