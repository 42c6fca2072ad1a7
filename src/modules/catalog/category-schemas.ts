import { z } from '@hono/zod-openapi';
import { catalogSlugSchema } from './schemas';

const uuid = z.string().uuid();
const name = z.string().trim().min(1).max(80).openapi({ example: 'Cement & mortar' });
const position = z.number().int().min(0).max(1_000_000).openapi({ description: 'Order among its siblings (ascending)' });

export const createCategorySchema = z
  .object({
    name,
    slug: catalogSlugSchema.optional().openapi({ description: 'Derived from the name when missing' }),
    parentId: uuid.nullable().optional().openapi({ description: 'The parent category; none for a top-level one' }),
    position: position.optional().openapi({ description: 'Defaults to after its last sibling' }),
  })
  .openapi('CreateCategory');

export const updateCategorySchema = z
  .object({
    name: name.optional(),
    slug: catalogSlugSchema.optional(),
    parentId: uuid.nullable().optional().openapi({ description: 'Moves the category; null makes it top-level' }),
    position: position.optional(),
  })
  .strict()
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'change at least one of name, slug, parentId, position',
  )
  .openapi('UpdateCategory');

export const categorySchema = z
  .object({
    id: uuid,
    name: z.string(),
    slug: z.string(),
    parentId: uuid.nullable(),
    position: z.number().int(),
    productCount: z.number().int().openapi({ description: 'Products directly in this category' }),
  })
  .openapi('Category');

export interface CategoryNode extends z.infer<typeof categorySchema> {
  children: CategoryNode[];
}

export const categoryNodeSchema: z.ZodType<CategoryNode> = categorySchema
  .extend({
    get children() {
      return z.array(categoryNodeSchema);
    },
  })
  .openapi('CategoryNode');

export const categoryTreeSchema = z.object({ data: z.array(categoryNodeSchema) }).openapi('CategoryTree');

export const categoryIdParamSchema = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });

export type CreateCategoryInput = z.output<typeof createCategorySchema>;
export type UpdateCategoryInput = z.output<typeof updateCategorySchema>;
export type Category = z.infer<typeof categorySchema>;
