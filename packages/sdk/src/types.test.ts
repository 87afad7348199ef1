import type { ProfileResponse, RecommendedItem } from '@vitrina/protocol';
import { describe, expectTypeOf, it } from 'vitest';
import type { Order, Product, Vitrina } from './types.js';

describe('the public types', () => {
  it('return the server\'s own recommendation and profile shapes', () => {
    expectTypeOf<Awaited<ReturnType<Vitrina['showcase']>>>().toEqualTypeOf<RecommendedItem[]>();
    expectTypeOf<Awaited<ReturnType<Vitrina['crossSell']>>>().toEqualTypeOf<RecommendedItem[]>();
    expectTypeOf<Awaited<ReturnType<Vitrina['reorder']>>>().toEqualTypeOf<RecommendedItem[]>();
    expectTypeOf<Awaited<ReturnType<Vitrina['profile']>>>().toEqualTypeOf<ProfileResponse | undefined>();
  });

  it('take Segment E-commerce v2 products and orders', () => {
    expectTypeOf<{ product_id: string; price: number }>().toExtend<Product>();
    expectTypeOf<{ price: number }>().not.toExtend<Product>();
    expectTypeOf<{ order_id: string; total: number; products: Product[]; email: string }>().toExtend<Order>();
    expectTypeOf<Vitrina['productsSearched']>().parameters.toEqualTypeOf<[query: string, options?: { results?: number } & Record<string, unknown>]>();
  });
});
