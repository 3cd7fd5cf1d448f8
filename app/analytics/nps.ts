// Net Promoter Score = % promoters (9-10) - % detractors (0-6), with the counts behind it.
import { InvalidInputError } from "./errors";
import type { SurveyAnswer } from "./types";

export interface NpsResult {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null; // -100..100, null without answers
}

export function nps(answers: readonly Pick<SurveyAnswer, "score">[]): NpsResult {
  let promoters = 0,
    passives = 0,
    detractors = 0;
  for (const a of answers) {
    if (!Number.isInteger(a.score) || a.score < 0 || a.score > 10)
      throw new InvalidInputError(`NPS scores are whole numbers 0-10, got ${a.score}`);
    if (a.score >= 9) promoters++;
    else if (a.score >= 7) passives++;
    else detractors++;
  }
  const responses = answers.length;
  return {
    responses,
    promoters,
    passives,
    detractors,
    nps: responses ? ((promoters - detractors) / responses) * 100 : null,
  };
}
