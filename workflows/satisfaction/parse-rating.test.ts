import { describe, expect, it } from 'vitest';
import { csatScore, netPromoterScore, npsCategory, parseRating } from './parse-rating.ts';

describe('parseRating', () => {
  it.each([
    ['9', 9],
    ['10/10', 10],
    ['10 / 10 harika', 10],
    ['dokuz', 9],
    ['On', 10],
    ['on!', 10],
    ['nine', 9],
    ["I'd give it 8", 8],
    ['8 puan', 8],
    ['puanım: 7', 7],
    ['Sıfır', 0],
    ['0', 0],
    ['10 üzerinden 6', 6],
    ['4 out of 5', 8],
    ['Beş verdim', 5],
    ['üç', 3],
    ['I would say seven, the agent was on time', 7],
  ])('reads %s as %i', (reply, expected) => {
    expect(parseRating(reply)).toBe(expected);
  });

  it.each([['thanks!'], ['teşekkürler, çok iyiydi'], ['7-8'], ['between 6 and 9'], ['15'], ['12/10'], ['order 48213 please']])('returns null for %s', (reply) => {
    expect(parseRating(reply)).toBeNull();
  });
});

describe('NPS and CSAT', () => {
  it('classifies promoters, passives and detractors', () => {
    expect([10, 9, 8, 7, 6, 0].map(npsCategory)).toEqual(['promoter', 'promoter', 'passive', 'passive', 'detractor', 'detractor']);
  });

  it('computes NPS and CSAT over a set of ratings', () => {
    expect(netPromoterScore([10, 9, 8, 3])).toBe(25);
    expect(csatScore([10, 9, 8, 3])).toBe(75);
    expect(netPromoterScore([])).toBeNull();
  });
});
